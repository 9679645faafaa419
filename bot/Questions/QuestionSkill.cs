using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using SupportBot.Cards;
using SupportBot.Conversation;
using SupportBot.Incidents;
using SupportBot.Logs;
using SupportBot.Presentation;

namespace SupportBot.Questions;

/// <summary>
/// Reps' questions in plain words: status of everything or of one service, an incident, log snippets, and a customer
/// reply draft. Runs after the exact "status"/"incident 42" skill and answers the broader phrasings it leaves.
/// Every free text it shows passes the redactor.
/// </summary>
public sealed class QuestionSkill(
    IIncidentStore incidents,
    ServiceDirectory services,
    LogSnippets logs,
    StatusAnswer status,
    IncidentPresenter presenter,
    IOptions<LogsOptions> logOptions,
    IOptions<QuestionsOptions> questionOptions,
    IEnumerable<ICommandWords> commandWords,
    TimeProvider time) : IChatSkill
{
    private readonly IReadOnlySet<string> _commandWords = commandWords.SelectMany(c => c.Words).ToHashSet(StringComparer.Ordinal);

    /// <summary>How many of a service's incidents resolved within a log range are read to find one overlapping it.</summary>
    private const int ResolvedInRange = 50;

    public int Order => SkillOrder.Questions;

    public IEnumerable<string> HelpLines =>
    [
        "**is checkout ok?** or **status of payments** — one service",
        "**what happened to INC-42** — an incident's briefing",
        "**logs checkout** (**last 30m**, **since 10:00**) or **errors in payments** — recent log lines, personal data redacted",
        "**draft reply for 42** — a message for customers, as an email and a short post",
    ];

    public async Task<IActivity?> TryAnswerAsync(ChatMessage message, CancellationToken ct) => QuestionParser.Parse(message.Normalized, _commandWords) switch
    {
        Question.Overview => await OverviewAsync(message, ct),
        Question.ServiceStatus q => await ServiceAsync(message, q.Service, mustBeService: false, ct),
        Question.MaybeService q => await ServiceAsync(message, q.Text, mustBeService: true, ct),
        Question.Incident q => await IncidentAsync(message, q.Number, ct),
        Question.Logs q => await LogsAsync(message, q, ct),
        Question.Draft q => await DraftAsync(message, q.Number, ct),
        _ => null,
    };

    /// <summary>"What's the status?" and the other wordings: the same answer as "status".</summary>
    private Task<IMessageActivity> OverviewAsync(ChatMessage message, CancellationToken ct) => status.ForAsync(message.Activity, ct);

    private async Task<IActivity?> ServiceAsync(ChatMessage message, string typed, bool mustBeService, CancellationToken ct)
    {
        switch (await services.ResolveAsync(typed, ct))
        {
            case ServiceMatch.Found found:
                // Asked at once: on Redis the two reads share one round trip.
                var reading = incidents.ListOpenForServiceAsync(found.Service, ct);
                var lastResolved = incidents.ListResolvedForServiceAsync(found.Service, DateTimeOffset.MinValue, 1, ct);
                await Task.WhenAll(reading, lastResolved);
                var (open, last) = (await reading, await lastResolved);
                var models = await presenter.ModelsAsync([.. open, .. last], ct);
                var card = ServiceStatusCard.Build(found.Service, models.Take(open.Count).ToList(), models.Skip(open.Count).FirstOrDefault(), time.GetUtcNow());
                return AnswerFormat.Answer(message.Activity, card, card["fallbackText"]!.GetValue<string>());
            case ServiceMatch.Suggestion suggestion:
                return DidYouMean(message.Activity, suggestion, $"is {suggestion.Nearest} ok");
            case ServiceMatch.Ambiguous ambiguous:
                return WhichOne(message.Activity, ambiguous, "is {0} ok");
            case ServiceMatch.Unknown unknown when !mustBeService:
                return UnknownService(message.Activity, unknown);
            default:
                return null;
        }
    }

    private async Task<IActivity> IncidentAsync(ChatMessage message, int number, CancellationToken ct)
    {
        var incident = await incidents.GetAsync(number, ct);
        if (incident is not null) return await presenter.BriefingAsync(incident, message.Activity.ChannelId, ct);
        return await UnknownIncidentReply.ForAsync(number, incidents, ct);
    }

    private async Task<IActivity> LogsAsync(ChatMessage message, Question.Logs q, CancellationToken ct)
    {
        Incident? incident = null;
        string service;
        if (q.IncidentNumber is { } number)
        {
            incident = await incidents.GetAsync(number, ct);
            if (incident is null) return MessageFactory.Text($"There is no incident INC-{number}.");
            service = incident.Service;
        }
        else if (q.Service is null)
        {
            var known = await services.KnownAsync(ct);
            return MessageFactory.Text("Logs of which service? For example **logs checkout last 30m**." +
                                       (known.Count > 0 ? $" Known services: {string.Join(", ", known.Take(15))}." : ""));
        }
        else
        {
            switch (await services.ResolveAsync(q.Service, ct))
            {
                case ServiceMatch.Found found: service = found.Service; break;
                case ServiceMatch.Suggestion suggestion: return DidYouMean(message.Activity, suggestion, $"logs {suggestion.Nearest}");
                case ServiceMatch.Ambiguous ambiguous: return WhichOne(message.Activity, ambiguous, "logs {0}");
                case ServiceMatch.Unknown unknown: return UnknownService(message.Activity, unknown);
                default: throw new InvalidOperationException();
            }
        }

        var now = time.GetUtcNow();
        incident ??= (await incidents.ListOpenForServiceAsync(service, ct)).FirstOrDefault();
        var (from, to) = LogRange.For(q.Window, incident, now, logOptions.Value);
        // The alert texts belong in the snippet when that incident overlaps the range asked for.
        incident ??= (await incidents.ListResolvedForServiceAsync(service, from, ResolvedInRange, ct)).FirstOrDefault(i => i.StartedAt <= to);

        var snippet = await logs.GetAsync(new LogQuery(service, from, to, q.ErrorsOnly, incident), ct);
        var model = new LogSnippetModel
        {
            Service = service, From = snippet.From, To = snippet.To, ErrorsOnly = snippet.ErrorsOnly,
            Lines = snippet.Lines.Select(l => new LogLineModel(l.At, l.Source, l.Text, l.IsError)).ToList(),
            OmittedLines = snippet.OmittedLines, Problems = snippet.Problems, ExploreLink = snippet.ExploreLink,
        };
        return AnswerFormat.Answer(message.Activity, LogSnippetCard.Build(model), LogSnippetCard.FallbackText(model), SlackBlocks.LogSnippet(model));
    }

    private async Task<IActivity> DraftAsync(ChatMessage message, int? number, CancellationToken ct)
    {
        if (number is null) return MessageFactory.Text("Which incident? For example **draft reply for 42**.");
        var incident = await incidents.GetAsync(number.Value, ct);
        if (incident is null) return MessageFactory.Text($"There is no incident INC-{number}, so there is nothing to draft.");

        var draft = CustomerDraft.Compose(incident, services.DisplayName(incident.Service), time.GetUtcNow(),
            TimeSpan.FromMinutes(questionOptions.Value.NextUpdateMinutes));
        var model = new CustomerDraftModel(incident.Id, draft.Email, draft.Post);
        return AnswerFormat.Answer(message.Activity, CustomerDraftCard.Build(model), CustomerDraftCard.FallbackText(model), SlackBlocks.Draft(model));
    }

    private static IActivity DidYouMean(IActivity to, ServiceMatch.Suggestion s, string example) =>
        MessageFactory.Text($"I don't know a service called \"{Shown(to, Clip(s.Typed))}\". Did you mean **{Shown(to, s.Nearest)}**? Try **{Shown(to, example)}**.");

    private static IActivity WhichOne(IActivity to, ServiceMatch.Ambiguous a, string example) =>
        MessageFactory.Text($"\"{Shown(to, Clip(a.Typed))}\" could be {string.Join(" or ", a.Candidates.Take(5).Select(c => $"**{Shown(to, c)}**"))}. " +
                            $"Which one? For example **{Shown(to, string.Format(System.Globalization.CultureInfo.InvariantCulture, example, a.Candidates[0]))}**.");

    private static IActivity UnknownService(IActivity to, ServiceMatch.Unknown u) =>
        MessageFactory.Text($"I don't know a service called \"{Shown(to, Clip(u.Typed))}\"." +
                            (u.Known.Count > 0 ? $" Known services: {Shown(to, string.Join(", ", u.Known.Take(15)))}." : " No services are known yet."));

    /// <summary>What the rep typed, and service names from alerts, as literal text in the reply.</summary>
    private static string Shown(IActivity to, string text) => Presentation.LiteralText.For(to.ChannelId, text);

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
