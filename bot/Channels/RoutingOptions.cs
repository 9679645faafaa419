using Microsoft.Bot.Schema;

namespace SupportBot.Channels;

/// <summary>The "Routing" section: channels an admin set up to get briefings for some services (Routing:Routes:N).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Routing";

    public List<RouteOptions> Routes { get; set; } = [];
}

/// <summary>One configured route: incidents of <see cref="Service"/> at <see cref="MinSeverity"/> or worse go to <see cref="Conversation"/>.</summary>
public sealed class RouteOptions
{
    /// <summary>The well-known Teams endpoint for proactive messages, for a channel the bot has not heard from yet.</summary>
    public const string TeamsServiceUrl = "https://smba.trafficmanager.net/teams/";
    public const string SlackServiceUrl = "https://slack.botframework.com/";

    /// <summary>A service as alerts name it, several separated by commas, or "*" for every service.</summary>
    public string Service { get; set; } = "";

    /// <summary>critical, major, minor or info (that severity or worse); empty: any severity.</summary>
    public string MinSeverity { get; set; } = "";

    /// <summary>The conversation id the bot posts to: a Teams channel's "19:…@thread.tacv2", a Slack channel's "B…:T…:C…".</summary>
    public string Conversation { get; set; } = "";

    /// <summary>msteams (default) or slack: how the card is formatted and where it is sent.</summary>
    public string ChannelId { get; set; } = ChannelIds.Msteams;

    /// <summary>The channel service URL; empty: the one the bot learned from the conversation, else the channel's well-known one.</summary>
    public string ServiceUrl { get; set; } = "";

    /// <summary>The Teams tenant of the channel; empty: MicrosoftAppTenantId.</summary>
    public string TenantId { get; set; } = "";

    public string EffectiveServiceUrl => ServiceUrl.Length > 0 ? ServiceUrl
        : ChannelId == ChannelIds.Msteams ? TeamsServiceUrl
        : ChannelId == ChannelIds.Slack ? SlackServiceUrl : "";

    /// <summary>The words <see cref="ChannelFilterText"/> reads, as if typed after "subscribe here".</summary>
    public IReadOnlyList<string> FilterWords()
    {
        var words = new List<string>();
        if (Service.Trim() != "*") words.AddRange(["service", Service]);
        if (!string.IsNullOrWhiteSpace(MinSeverity)) words.AddRange(["severity", MinSeverity.Trim()]);
        return words;
    }

    /// <summary>Where to post when the bot has no reference of its own for the conversation.</summary>
    public ConversationReference Reference(string appId, string defaultTenantId)
    {
        var tenant = TenantId.Length > 0 ? TenantId : defaultTenantId;
        var teams = ChannelId == ChannelIds.Msteams;
        return new ConversationReference
        {
            ChannelId = ChannelId,
            ServiceUrl = EffectiveServiceUrl,
            Conversation = new ConversationAccount(isGroup: true, conversationType: teams ? "channel" : null, id: Conversation,
                tenantId: tenant.Length > 0 ? tenant : null),
            Bot = appId.Length > 0 ? new ChannelAccount(id: teams ? "28:" + appId : appId) : null,
        };
    }
}
