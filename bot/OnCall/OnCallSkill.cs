using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Alerts;
using SupportBot.Channels;
using SupportBot.Conversation;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.OnCall;

/// <summary>
/// The on-call commands in chat (and behind the briefing card's buttons): ack, assign, severity, update, resolve, note
/// and timeline. Anyone may read the timeline; only on-call may change an incident, everyone else is told who can.
/// </summary>
public sealed partial class OnCallSkill(IncidentCommands commands, IIncidentStore incidents, OnCallRoster roster,
    IOptions<IncidentOptions> incidentOptions, IncidentPresenter presenter) : IChatSkill
{
    public int Order => SkillOrder.OnCall;

    public IEnumerable<string> HelpLines => OnCallCommandParser.Commands
        .Select(c => $"**{c.Usage}** — {c.Description}{(c.OnCallOnly ? " _(on-call)_" : "")}");

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct)
    {
        var parsed = OnCallCommandParser.Parse(LeadingMentions().Replace(message.Text, ""), message.Activity.ChannelId);
        if (parsed.Problem is { } problem) return MessageFactory.Text(problem);
        if (parsed.Command is not { } command) return null;

        var spec = OnCallCommandParser.Spec(command.Verb);
        var onCall = await roster.IsOnCallAsync(message.Turn, ct);
        if (command.Verb == OnCallVerb.Timeline) return await TimelineAsync(command, onCall, message.Activity.ChannelId, ct);
        if (!onCall) return Refusal(message.Activity.From, command);

        var by = Actor(message.Activity.From);
        var result = command.Verb switch
        {
            OnCallVerb.Ack => await commands.AcknowledgeAsync(command.Number, by, ct),
            OnCallVerb.Assign => await commands.AssignAsync(command.Number, by, Assignee(message, command.Text, by), ct),
            OnCallVerb.Severity => await commands.SetSeverityAsync(command.Number, by, command.Severity!.Value, ct),
            OnCallVerb.Update => await commands.PostUpdateAsync(command.Number, by, command.Status, command.Text, ct),
            OnCallVerb.Resolve => await commands.ResolveAsync(command.Number, by, command.Text, command.Confirmed, ct),
            OnCallVerb.Note => await commands.AddNoteAsync(command.Number, by, command.Text, ct),
            _ => throw new InvalidOperationException($"{spec.Name} has no handler"),
        };

        if (result.Incident is null) return await NotFoundAsync(command.Number, ct);
        // A pressed Universal Action button is replaced by the card as it is now.
        if (message.Origin == ChatOrigin.CardExecute && result.Outcome is CommandOutcome.Done or CommandOutcome.Unchanged)
            return await presenter.BriefingAsync(result.Incident, null, ct);
        return MessageFactory.Text(Answer(command, result));
    }

    private string Answer(OnCallCommand command, CommandResult result)
    {
        var i = result.Incident!;
        var id = $"**{i.Id}**";
        return (result.Outcome, command.Verb) switch
        {
            (CommandOutcome.AlreadyResolved, _) => $"{id} is already resolved{(i.ResolvedAt is { } at ? $" (since {Cards.AdaptiveCardJson.Time(at)})" : "")}.",
            (CommandOutcome.NeedsConfirmation, _) =>
                $"{id} still has {i.FiringCount} alert{(i.FiringCount == 1 ? "" : "s")} firing, so monitoring still sees a problem. " +
                $"To resolve it anyway, type **resolve {i.Id} confirm{(command.Text.Length > 0 ? " " + command.Text : "")}**.",
            (CommandOutcome.Unchanged, OnCallVerb.Ack) => $"{id} was already acknowledged by {i.AcknowledgedBy?.Name}.",
            (CommandOutcome.Unchanged, OnCallVerb.Assign) => $"{id} is already assigned to {i.Assignee?.Name}.",
            (CommandOutcome.Unchanged, OnCallVerb.Severity) => $"{id} is already {i.Severity.Name()}.",
            (_, OnCallVerb.Ack) => $"👀 You acknowledged {id}. Support can see someone is on it.",
            (_, OnCallVerb.Assign) => $"🙋 {id} is now assigned to {i.Assignee?.Name}.",
            (_, OnCallVerb.Severity) => $"⚠️ {id} is now {i.Severity.Name()}.",
            (_, OnCallVerb.Update) => $"📣 Posted your update to {id} ({i.Status.ToString().ToLowerInvariant()}) under its briefing in every support channel.",
            (_, OnCallVerb.Resolve) => $"✅ {id} is resolved. If its alerts fire again within {DurationText.Format(incidentOptions.Value.ReopenWindow)} it reopens.",
            (_, OnCallVerb.Note) => $"🔒 Note added to {id}. Only on-call sees it (**timeline {i.Number}**).",
            _ => "Done.",
        };
    }

    private IMessageActivity Refusal(ChannelAccount from, OnCallCommand command)
    {
        var what = command.Verb switch
        {
            OnCallVerb.Ack => "acknowledge incidents",
            OnCallVerb.Assign => "assign incidents",
            OnCallVerb.Severity => "change an incident's severity",
            OnCallVerb.Update => "post incident updates",
            OnCallVerb.Resolve => "resolve incidents",
            _ => "add notes to incidents",
        };
        var name = from.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return MessageFactory.Text($"Sorry{(name is null ? "" : " " + name)}, only on-call engineers can {what}. That's {roster.Describe()}. " +
                                   $"You can follow along with **timeline {command.Number}** or ask **status**.");
    }

    private async Task<IActivity> TimelineAsync(OnCallCommand command, bool onCall, string channelId, CancellationToken ct) =>
        await incidents.GetAsync(command.Number, ct) is { } incident
            ? IncidentCards.Timeline(incident, includeNotes: onCall, channelId)
            : await NotFoundAsync(command.Number, ct);

    private async Task<IActivity> NotFoundAsync(int number, CancellationToken ct)
    {
        return await UnknownIncidentReply.ForAsync(number, incidents, ct);
    }

    private static Person Actor(ChannelAccount from) => new(from.Id, string.IsNullOrWhiteSpace(from.Name) ? from.Id : from.Name);

    /// <summary>"me", a Teams @mention, a Slack &lt;@U123&gt; mention, or a plain name.</summary>
    private static Person Assignee(ChatMessage message, string text, Person me)
    {
        if (string.Equals(text.Trim(), "me", StringComparison.OrdinalIgnoreCase)) return me;
        var botId = message.Activity.Recipient?.Id;
        var mentioned = message.Activity.GetMentions().Select(m => m.Mentioned).FirstOrDefault(a => a is not null && a.Id != botId);
        if (mentioned is not null) return new Person(mentioned.Id, mentioned.Name ?? mentioned.Id);
        if (message.Activity.ChannelId == ChannelIds.Slack && SlackMention().Match(text) is { Success: true } s)
            return new Person(s.Groups["id"].Value, s.Groups["name"].Success ? s.Groups["name"].Value : s.Groups["id"].Value);
        return new Person("", text.Trim().TrimStart('@'));
    }

    // Mentions of the bot the adapter did not remove (e.g. mentioned by another name) before the command.
    [GeneratedRegex(@"^(?:\s*<at>[^<]*</at>\s*)+")]
    private static partial Regex LeadingMentions();

    [GeneratedRegex(@"<@(?<id>[A-Z0-9]+)(?:\|(?<name>[^>]+))?>")]
    private static partial Regex SlackMention();
}
