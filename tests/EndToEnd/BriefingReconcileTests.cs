using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>A change that was stored but never queued (the process died in between) still reaches the channels.</summary>
public sealed class BriefingReconcileTests : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private ConnectorStandIn _connector = null!;
    private BotApp _bot = null!;

    public async Task InitializeAsync()
    {
        _connector = await ConnectorStandIn.StartAsync();
        _bot = new BotApp();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Reconcile_sends_the_card_of_an_incident_stored_without_its_briefing_and_only_once()
    {
        var http = _bot.CreateClient();
        await new BotClient(http, _connector.Url).AddBotAsync(Channel);
        await _connector.WaitForAsync(c => c.ReplyToId is not null, what: "the greeting");
        var store = _bot.Service<IIncidentStore>();
        var now = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        Assert.NotNull(await store.TryOpenAsync(new Incident
        {
            Number = 0,
            GroupKey = "service:search",
            Title = "Search latency above 2 s",
            Service = "search",
            Severity = Severity.Major,
            Status = IncidentStatus.Investigating,
            StartedAt = now,
            Timeline = [new IncidentEvent(now, IncidentEventKind.Opened, "Search latency above 2 s (1 alert firing)")],
        }, default));

        var reconciler = _bot.Service<BriefingReconciler>();
        await reconciler.ReconcileAsync(default);
        var card = await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the reconciled card");
        Assert.Contains("Search latency above 2 s", card.Visible);

        await reconciler.ReconcileAsync(default);
        await http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        await _connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.Visible.Contains("INC-2"), what: "the next incident's card");
        Assert.Single(_connector.Posts, c => c.Visible.Contains("Search latency above 2 s"));
    }
}
