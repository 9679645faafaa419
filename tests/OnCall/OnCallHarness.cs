using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using SupportBot.Alerts;
using SupportBot.Channels;
using SupportBot.Conversation;
using SupportBot.Incidents;
using SupportBot.OnCall;
using SupportBot.Storage.InMemory;

namespace SupportBot.Tests.OnCall;

/// <summary>
/// The real bot handler with the real on-call skill, incident commands and in-memory store, driven through the Bot
/// Framework's TestAdapter. Changes the commands publish are collected instead of being sent to channels.
/// </summary>
public sealed class OnCallHarness
{
    public const string OnCallId = "29:olga";
    public const string RepId = "29:rita";
    public const string SlackOnCallId = "U0OLGA";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 45, 0, TimeSpan.Zero));
    public InMemoryIncidentStore Store { get; } = new();
    public InMemoryBriefingChannelStore Channels { get; } = new();
    public RecordingSink Sink { get; } = new();
    public OnCallOptions Options { get; } = new() { Engineers = [OnCallId, SlackOnCallId, "olga@contoso.com"] };
    public IncidentOptions IncidentOptions { get; } = new();
    public SupportBot.Storage.InMemory.InMemoryEarlyWarningStore Warnings { get; } = new();
    public IncidentCommands Commands { get; }
    public IncidentEngine Engine { get; }

    public OnCallHarness()
    {
        Commands = new IncidentCommands(Store, [Sink], Time, NullLogger<IncidentCommands>.Instance);
        Engine = new IncidentEngine(Store, [Sink], Time, Microsoft.Extensions.Options.Options.Create(IncidentOptions), NullLogger<IncidentEngine>.Instance);
    }

    public SupportBotHandler Bot()
    {
        var roster = new OnCallRoster(Microsoft.Extensions.Options.Options.Create(Options), NullLogger<OnCallRoster>.Instance);
        var presenter = new SupportBot.Presentation.IncidentPresenter(new SupportBot.Redaction.BuiltInRedactor(), Time);
        IChatSkill[] skills =
        [
            new OnCallSkill(Commands, Store, roster, Microsoft.Extensions.Options.Options.Create(IncidentOptions), presenter),
            new StatusSkill(Store, new StatusAnswer(Store, Warnings, presenter, new BriefingAudience(Channels, Microsoft.Extensions.Options.Options.Create(new RoutingOptions()), Microsoft.Extensions.Options.Options.Create(new ChatAccessOptions()))), presenter),
            new WarningsSkill(Warnings, Time),
            new WarningButtonsSkill(new SupportBot.EarlyWarning.WarningActions(Warnings, [], Time), Warnings, roster,
                new SupportBot.Presentation.WarningIncidents(Store, new SupportBot.StatusPage.StatusPageIncidentLinks(
                    Microsoft.Extensions.Options.Options.Create(new SupportBot.StatusPage.StatusPageOptions()), new SupportBot.StatusPage.ServiceCatalog([])))),
        ];
        return new SupportBotHandler(Channels, skills, new SupportBot.Telemetry.SupportBotMetrics(), NullLogger<SupportBotHandler>.Instance);
    }

    public TestFlow Flow(string channelId = "msteams") =>
        new(new TestAdapter(channelId), Bot());

    /// <summary>Opens INC-n from one firing alert through the real engine.</summary>
    public async Task<Incident> OpenIncidentAsync(string group = "checkout", int firing = 1)
    {
        var alerts = Enumerable.Range(1, firing).Select(n => Alert(group, $"{group}-{n}", AlertStatus.Firing)).ToList();
        var change = (await Engine.IngestAsync(alerts, CancellationToken.None)).Single();
        Sink.Changes.Clear();
        return change.Current;
    }

    public static Alert Alert(string group, string fingerprint, AlertStatus status, DateTimeOffset? startsAt = null) => new()
    {
        Source = "test",
        Fingerprint = fingerprint,
        Status = status,
        Severity = Alerts.Severity.Major,
        Service = "checkout-api",
        Summary = "Checkout API 5xx rate above 5%",
        StartsAt = startsAt ?? new DateTimeOffset(2026, 11, 20, 9, 41, 0, TimeSpan.Zero),
        EndsAt = status == AlertStatus.Resolved ? new DateTimeOffset(2026, 11, 20, 10, 8, 0, TimeSpan.Zero) : null,
        GroupKey = group,
    };

    public Task<Incident?> GetAsync(int number) => Store.GetAsync(number, CancellationToken.None);

    public static IActivity Say(string text, string from = OnCallId, string name = "Olga Oncall") =>
        new Activity(ActivityTypes.Message) { Text = text, From = new ChannelAccount(from, name) };

    public static IActivity Submit(JObject data, string from = OnCallId, string name = "Olga Oncall") =>
        new Activity(ActivityTypes.Message) { Value = data, From = new ChannelAccount(from, name) };

    public static IActivity Execute(string verb, JObject data, string from = OnCallId, string name = "Olga Oncall") =>
        new Activity(ActivityTypes.Invoke)
        {
            Name = "adaptiveCard/action",
            From = new ChannelAccount(from, name),
            Value = JObject.FromObject(new { action = new { type = "Action.Execute", verb, data }, trigger = "manual" }),
        };
}

public sealed class RecordingSink : IIncidentChangeSink
{
    public List<IncidentChange> Changes { get; } = [];

    public ValueTask PublishAsync(IncidentChange change, CancellationToken ct)
    {
        lock (Changes) Changes.Add(change);
        return ValueTask.CompletedTask;
    }
}
