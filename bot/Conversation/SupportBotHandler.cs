using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using System.Diagnostics;
using SupportBot.Channels;
using SupportBot.Presentation;
using SupportBot.Telemetry;

namespace SupportBot.Conversation;

/// <summary>The bot's side of the conversation: greets and subscribes channels, hands messages to its skills.</summary>
public sealed class SupportBotHandler(
    IBriefingChannelStore channels, IEnumerable<IChatSkill> skills, SupportBotMetrics metrics, ILogger<SupportBotHandler> log,
    ICardSightings? sightings = null)
    : ActivityHandler
{
    private const string AnsweredBy = "supportbot.skill";
    private readonly IReadOnlyList<IChatSkill> _skills = skills.OrderBy(s => s.Order).ToList();

    /// <summary>Every turn is counted and timed by what answered it: a skill, help, the greeting, or nothing.</summary>
    public override async Task OnTurnAsync(ITurnContext turn, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await base.OnTurnAsync(turn, ct);
        }
        finally
        {
            // Activity types come from outside: only known ones become label values.
            var skill = turn.TurnState.Get<string>(AnsweredBy) ?? turn.Activity?.Type switch
            {
                ActivityTypes.Message or ActivityTypes.Invoke => "unrecognized",
                ActivityTypes.ConversationUpdate => "conversation_update",
                _ => "other",
            };
            metrics.ChatTurns.WithLabels(skill).Inc();
            metrics.ChatTurnDuration.WithLabels(skill).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public string HelpText =>
        "Here is what I understand:\n\n" +
        string.Join("\n", _skills.SelectMany(s => s.HelpLines).Append("**help** — this list").Select(l => "- " + l));

    // ActivityHandler only reports members other than the bot; the bot's own arrival and departure are what matter here.
    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turn, CancellationToken ct)
    {
        var botId = turn.Activity.Recipient?.Id;
        if (turn.Activity.MembersAdded?.Any(m => m.Id == botId) == true) await OnBotAddedAsync(turn, ct);
        else if (turn.Activity.MembersRemoved?.Any(m => m.Id == botId) == true)
            await channels.RemoveAsync(ConversationReferences.ConversationIdOf(turn.Activity), ct);
    }

    private async Task OnBotAddedAsync(ITurnContext<IConversationUpdateActivity> turn, CancellationToken ct)
    {
        turn.TurnState.Set(AnsweredBy, "welcome");
        if (IsPersonal(turn.Activity))
        {
            await turn.SendActivityAsync(MessageFactory.Text("👋 Hi, I'm SupportBot. " + HelpText), ct);
            return;
        }
        // Added again (Teams re-installs, a new team): the reference is refreshed, what the channel follows is kept.
        var known = await channels.GetAsync(ConversationReferences.ConversationIdOf(turn.Activity), ct);
        await channels.AddAsync(ConversationReferences.ReferenceFor(turn.Activity), known?.Filter ?? ChannelFilter.All, ct);
        log.LogInformation("Added to {Conversation}; subscribed it to briefings", turn.Activity.Conversation.Id);
        await turn.SendActivityAsync(MessageFactory.Text(
            "👋 Hi, I'm SupportBot. I'll post an outage briefing here as soon as monitoring reports a problem, and keep it up to date. " +
            "Ask me **status** any time, or **help** for more."), ct);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turn, CancellationToken ct)
    {
        if (CardActions.FromMessage(turn.Activity) is { } command)
        {
            await SightedAsync(turn.Activity, (turn.Activity.Value as JObject)?.Value<string>("incident"), ct);
            var answer = await AskSkillsAsync(new ChatMessage(command, CommandText.Normalize(command), turn) { Origin = ChatOrigin.CardSubmit }, ct);
            await ReplyAsync(turn, answer ?? MessageFactory.Text("Sorry, that button is no longer supported. Type **help** for what I understand."), ct);
            return;
        }

        turn.Activity.Text = CommandText.Bounded(turn.Activity.Text);
        var text = (turn.Activity.RemoveRecipientMention() ?? turn.Activity.Text ?? "").Trim();
        var normalized = CommandText.Normalize(text);
        if (normalized is "" or "help" or "?" or "commands" or "hi" or "hello")
        {
            turn.TurnState.Set(AnsweredBy, "help");
            await ReplyAsync(turn, MessageFactory.Text(HelpText), ct);
            return;
        }

        var reply = await AskSkillsAsync(new ChatMessage(text, normalized, turn), ct);
        await ReplyAsync(turn, reply ?? MessageFactory.Text(
            $"Sorry, I didn't understand \"{LiteralText.For(turn.Activity.ChannelId, Clip(text))}\". Try **status**, **incident 42** or **help**."), ct);
    }

    /// <summary>
    /// Universal Actions answer HTTP 200 whatever the outcome and put the outcome in the body's statusCode; the SDK
    /// answers HTTP 400 to an action that is not Action.Execute (or has no action), which clients treat as a failed call.
    /// </summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turn, CancellationToken ct)
    {
        var response = await base.OnInvokeActivityAsync(turn, ct);
        return turn.Activity.Name == "adaptiveCard/action" && response is { Status: not 200, Body: not null }
            ? new InvokeResponse { Status = 200, Body = response.Body }
            : response;
    }

    /// <summary>Universal Actions (Action.Execute): answered with the card that replaces the pressed one, or a message for the presser.</summary>
    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turn,
        AdaptiveCardInvokeValue invokeValue, CancellationToken ct)
    {
        var data = invokeValue.Action?.Data as JObject;
        var command = CardActions.ToCommand(invokeValue.Action?.Verb, data);
        var olderCopy = command is not null && await SightedAsync(turn.Activity, data?.Value<string>("incident"), ct);
        var answer = command is null ? null
            : await AskSkillsAsync(new ChatMessage(command, CommandText.Normalize(command), new DelegatingTurnContext<IMessageActivity>(turn))
                { Origin = ChatOrigin.CardExecute }, ct);
        if (olderCopy)
        {
            // This card is being replaced by a note pointing to the newer one: do not answer with a fresh copy of it.
            var done = (answer as IMessageActivity)?.Text is { Length: > 0 } text ? text + "\n\n" : "";
            return new AdaptiveCardInvokeResponse
            {
                StatusCode = 200,
                Type = "application/vnd.microsoft.activity.message",
                Value = done + "This was an older copy of the card; the newer one in this channel is kept up to date.",
            };
        }
        if (answer is IMessageActivity { Attachments: [{ ContentType: Cards.AdaptiveCardJson.ContentType } card] })
            return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = Cards.AdaptiveCardJson.ContentType, Value = card.Content };
        return new AdaptiveCardInvokeResponse
        {
            StatusCode = 200,
            Type = "application/vnd.microsoft.activity.message",
            Value = (answer as IMessageActivity)?.Text ?? "Sorry, that button is no longer supported. Type **help** for what I understand.",
        };
    }

    /// <summary>A button pressed on one of our cards: tells the outbox which activity carries it (an older copy is then marked superseded).</summary>
    private async Task<bool> SightedAsync(IActivity activity, string? mergeKey, CancellationToken ct)
    {
        if (sightings is null || string.IsNullOrWhiteSpace(activity.ReplyToId) || string.IsNullOrWhiteSpace(mergeKey)) return false;
        return await sightings.SeenAsync(ConversationReferences.ReferenceFor(activity), mergeKey, activity.ReplyToId, ct);
    }

    private async Task<IActivity?> AskSkillsAsync(ChatMessage message, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            foreach (var skill in _skills)
                if (await skill.TryAnswerAsync(message, ct) is { } reply)
                {
                    message.Turn.TurnState.Set(AnsweredBy, SkillName(skill));
                    return reply;
                }
            return null;
        }
        finally
        {
            metrics.ChatTurnPhase.WithLabels(ChatPhases.Answer).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Sends the turn's answer to the channel (timed apart from making it: the Bot Connector call is a cost of its own).</summary>
    private async Task ReplyAsync(ITurnContext turn, IActivity reply, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await turn.SendActivityAsync(reply, ct);
        metrics.ChatTurnPhase.WithLabels(ChatPhases.Reply).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>StatusSkill → "status", OnCallSkill → "on_call": the label in supportbot_chat_turns_total.</summary>
    private static string SkillName(IChatSkill skill)
    {
        var name = skill.GetType().Name;
        if (name.EndsWith("Skill", StringComparison.Ordinal)) name = name[..^5];
        return string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }

    private static bool IsPersonal(IActivity activity) =>
        string.Equals(activity.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase);

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
