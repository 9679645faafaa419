using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Microsoft.Rest;
using SupportBot.Channels;
using SupportBot.Conversation;

namespace SupportBot.OnCall;

/// <summary>Decides whether the sender of a turn is on-call (may change incidents) or a rep (read-only).</summary>
public sealed class OnCallRoster(IOptions<OnCallOptions> options, ILogger<OnCallRoster> log)
{
    private OnCallOptions Options => options.Value;

    public async Task<bool> IsOnCallAsync(ITurnContext turn, CancellationToken ct)
    {
        var from = turn.Activity.From;
        if (from is null) return false;
        if (Listed(from.Id, turn.Activity.ChannelId) || Listed(from.AadObjectId)) return true;

        // Emails and channel membership need the channel's member directory (Teams): ask the Bot Connector.
        if (turn.TurnState.Get<IConnectorClient>() is not { } connector) return false;
        if (Options.Engineers.Any(IsEmail) && await MemberAsync(connector, ConversationReferences.ConversationIdOf(turn.Activity), from.Id, ct) is { } member
            && (Listed(Property(member, "email")) || Listed(Property(member, "userPrincipalName"))))
            return true;
        return !string.IsNullOrWhiteSpace(Options.TeamsChannelId) && await MemberAsync(connector, Options.TeamsChannelId, from.Id, ct) is not null;
    }

    /// <summary>Who a rep should turn to, for refusals.</summary>
    public string Describe()
    {
        if (!string.IsNullOrWhiteSpace(Options.Contact)) return Options.Contact;
        var emails = Options.Engineers.Where(IsEmail).ToList();
        var parts = new List<string>();
        if (emails.Count > 0) parts.Add(string.Join(", ", emails));
        if (!string.IsNullOrWhiteSpace(Options.TeamsChannelId)) parts.Add("members of the on-call channel");
        return parts.Count == 0 ? "the on-call engineers (none are configured yet: set OnCall:Engineers)" : "the on-call engineers: " + string.Join(", or ", parts);
    }

    /// <summary>
    /// An exact match; in Slack also "&lt;user id&gt;:&lt;team id&gt;", the form Slack user ids arrive in. Only there: in
    /// Teams anyone could otherwise be called "oncall-1:anything".
    /// </summary>
    private bool Listed(string? id, string? channelId = null) =>
        !string.IsNullOrWhiteSpace(id) && Options.Engineers.Any(e =>
            string.Equals(e, id, StringComparison.OrdinalIgnoreCase)
            || (channelId == Microsoft.Bot.Connector.Channels.Slack && id.StartsWith(e + ":", StringComparison.OrdinalIgnoreCase)));

    private async Task<ChannelAccount?> MemberAsync(IConnectorClient connector, string conversationId, string userId, CancellationToken ct)
    {
        try
        {
            // GET /v3/conversations/{conversationId}/members/{userId}: 404 when the user is not a member.
            return connector.Conversations is Conversations conversations
                ? await conversations.GetConversationMemberAsync(userId, conversationId, ct)
                : null;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
        {
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Cannot tell: treat as a rep (read-only) rather than fail the turn.
            log.LogWarning(e, "Could not look up {User} in {Conversation}", userId, conversationId);
            return null;
        }
    }

    private static string? Property(ChannelAccount member, string name) => member.Properties?[name]?.ToString();

    private static bool IsEmail(string s) => s.Contains('@');
}
