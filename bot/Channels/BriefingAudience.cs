using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Alerts;

namespace SupportBot.Channels;

/// <summary>
/// Every conversation that gets briefings and what it follows: the channels that subscribed in chat, and the routes an
/// admin configured (Routing:Routes:N). A configured conversation follows what its routes say (a chat subscription
/// there only lends its reference, which carries the service URL the channel really uses).
/// </summary>
public sealed class BriefingAudience
{
    private readonly IBriefingChannelStore _store;
    private readonly IReadOnlyList<(int Number, RouteOptions Route, ChannelFilter Filter)> _routes;
    private readonly string _appId;
    private readonly string _tenantId;

    public BriefingAudience(IBriefingChannelStore store, IOptions<RoutingOptions> routing, IOptions<ChatAccessOptions> access)
    {
        _store = store;
        // Validated at start (RoutingValidation), so every route reads.
        _routes = routing.Value.Routes.Select((r, i) => (i, r, ChannelFilterText.Parse(r.FilterWords()).Filter ?? ChannelFilter.All)).ToList();
        _appId = access.Value.AppId;
        _tenantId = access.Value.AppTenantId;
    }

    /// <summary>
    /// The list made from the store's last list: the store hands the same list again while its channels are unchanged
    /// (each change of an incident asks), so the channels are made once per change of them.
    /// </summary>
    private Made? _made;

    private sealed record Made(IReadOnlyList<ChannelSubscription> From, IReadOnlyList<BriefingChannel> Channels);

    public async Task<IReadOnlyList<BriefingChannel>> ListAsync(CancellationToken ct)
    {
        var subscribed = await _store.ListAsync(ct);
        if (Volatile.Read(ref _made) is { } made && ReferenceEquals(made.From, subscribed)) return made.Channels;
        var channels = Make(subscribed);
        Volatile.Write(ref _made, new Made(subscribed, channels));
        return channels;
    }

    private IReadOnlyList<BriefingChannel> Make(IReadOnlyList<ChannelSubscription> subscribed)
    {
        var byId = subscribed.ToDictionary(s => s.Reference.Conversation.Id, StringComparer.Ordinal);
        var channels = _routes.GroupBy(r => r.Route.Conversation, StringComparer.Ordinal)
            .Select(g => Configured(g.Key, g.ToList(), byId.GetValueOrDefault(g.Key)))
            .ToList();
        var configured = channels.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        channels.AddRange(subscribed.Where(s => !configured.Contains(s.Reference.Conversation.Id))
            .Select(s => new BriefingChannel(s.Reference, [s.Filter], [])));
        return channels.AsReadOnly();
    }

    /// <summary>One conversation's briefings: its routes, else its chat subscription; null when it gets none.</summary>
    public async Task<BriefingChannel?> ForAsync(string conversationId, CancellationToken ct)
    {
        var subscribed = await _store.GetAsync(conversationId, ct);
        var routes = _routes.Where(r => string.Equals(r.Route.Conversation, conversationId, StringComparison.Ordinal)).ToList();
        if (routes.Count > 0) return Configured(conversationId, routes, subscribed);
        return subscribed is null ? null : new BriefingChannel(subscribed.Reference, [subscribed.Filter], []);
    }

    private BriefingChannel Configured(string conversationId, IReadOnlyList<(int Number, RouteOptions Route, ChannelFilter Filter)> routes, ChannelSubscription? subscribed) =>
        new(subscribed?.Reference ?? routes[0].Route.Reference(_appId, _tenantId), routes.Select(r => r.Filter).ToList(), routes.Select(r => r.Number).ToList());
}

/// <summary>A conversation that gets briefings: where it is, and what it follows (any of its filters).</summary>
public sealed record BriefingChannel(ConversationReference Reference, IReadOnlyList<ChannelFilter> Filters, IReadOnlyList<int> Routes)
{
    public string Id => Reference.Conversation.Id;

    /// <summary>Set by an admin (Routing:Routes:N), not in chat.</summary>
    public bool IsConfigured => Routes.Count > 0;

    public bool FollowsEverything => Filters.Any(f => f.IsAll);

    public bool Follows(string service, Severity severity) => Filters.Any(f => f.Follows(service, severity));

    public bool FollowsService(string service) => Filters.Any(f => f.FollowsService(service));

    /// <summary>"checkout-api, orders-api, major or worse"; routes joined by "; ". Plain text.</summary>
    public string Describe() => string.Join("; ", Filters.Select(f => f.Describe()));
}
