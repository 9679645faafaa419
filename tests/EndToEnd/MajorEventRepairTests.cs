using SupportBot.Channels;
using SupportBot.Incidents;
using SupportBot.Notifications;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.Storage;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// A major-event roll-up is kept right like any card: given up on while the connector failed, it catches up when the
/// connector answers again; an incident the reconciler finds before its own webhook's publishing joins the roll-up
/// rather than getting a card of its own as well; and retention takes gone incidents off the roll-ups.
/// </summary>
public sealed class MajorEventRepairTests : BotWithConnector
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // A storm from the third new incident; an outbox that gives up after two quick attempts; the reconciler run by the test.
    protected override BotApp CreateBot() => new(new Dictionary<string, string?>
    {
        ["Storm:Threshold"] = "2",
        ["Outbox:BaseDelay"] = "00:00:00.050",
        ["Outbox:MaxDelay"] = "00:00:00.200",
        ["Outbox:PollInterval"] = "00:00:00.050",
        ["Outbox:MaxAttempts"] = "2",
        ["Outbox:ReconcileInterval"] = "01:00:00",
    });

    [Fact]
    public async Task A_roll_up_given_up_on_while_the_connector_failed_catches_up_when_it_answers_again()
    {
        var rollUp = await StormAsync();

        Connector.Fault = _ => (500, null);
        foreach (var i in new[] { 3, 4 })
            await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}", resolved: true));
        await OutboxDrain.WaitUntilSentAsync(Wait, Bot); // nothing waits any more: every version of the roll-up since was given up on
        Assert.Contains(await DeadLetters.ListAsync(Http), d => d.GetProperty("mergeKey").GetString() == "MAJOR-1");
        Assert.Contains("2 open", Connector.Newest(rollUp).Visible);

        Connector.Fault = null;
        var reconciler = Bot.Service<BriefingReconciler>();
        await reconciler.ReconcileAsync(default);
        await Connector.WaitForNewestAsync(rollUp, "All 2 resolved", Wait, "the roll-up resolved once the connector answers again");
        Assert.Single(Connector.Posts, c => c.Visible.Contains("Major event"));
        await Poll.UntilAsync(async () => { await reconciler.ReconcileAsync(default); return reconciler.Behind == 0; }, "the roll-up seen caught up");
    }

    [Fact]
    public async Task An_incident_the_reconciler_finds_before_its_webhook_is_published_joins_the_storms_roll_up()
    {
        var rollUp = await StormAsync();

        // Stored, but its own publishing has not run (the webhook's request is still on its way, or the instance died).
        var late = (await Bot.Service<IIncidentStore>().TryOpenAsync(StoreContract.Incident(0, "found-by-the-reconciler"), default))!;
        await Bot.Service<BriefingReconciler>().ReconcileAsync(default);

        await Connector.WaitForNewestAsync(rollUp, $"{late.Id} ·", Wait, $"{late.Id} on the roll-up");
        Assert.Equal(3, Connector.Posts.Count(c => c.Card is not null));
        Assert.DoesNotContain(Connector.Posts, c => c.Card is not null && !c.Visible.Contains("Major event") && c.Visible.Contains(late.Id));
    }

    [Fact]
    public async Task Incidents_removed_by_retention_leave_the_roll_up()
    {
        var rollUp = await StormAsync();
        foreach (var i in new[] { 1, 2, 3, 4 })
            await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}", resolved: true));
        await Connector.WaitForNewestAsync(rollUp, "All 2 resolved", Wait, "the roll-up resolved");
        var storms = Bot.Service<IStormStore>();
        Assert.Equal(2, (await storms.MembersAsync(Channel, default)).Count);

        var removed = await Bot.Service<IncidentRetention>().SweepAsync(DateTimeOffset.UtcNow.AddYears(1), default);

        Assert.Equal(4, removed);
        Assert.Empty(await storms.MembersAsync(Channel, default));
        Assert.Null(await storms.GetAsync(Channel, 1, default));
    }

    /// <summary>Four new incidents: the first two get cards of their own, INC-3 and INC-4 the roll-up; returns the roll-up's post.</summary>
    private async Task<ConnectorCall> StormAsync()
    {
        await AddBotAndWaitAsync(Channel);
        for (var i = 1; i <= 4; i++)
        {
            Assert.True((await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For($"Storm alert {i}"))).IsSuccessStatusCode);
            // The first two cards reach the channel before the storm begins (else their incidents would join the roll-up).
            if (i == 2) await Poll.UntilAsync(() => Task.FromResult(Connector.Posts.Count(c => c.Card is not null) == 2), "the first two cards");
        }
        var rollUp = await Connector.WaitForAsync(c => c is { Method: "POST" } && c.Visible.Contains("Major event"), Wait, "the roll-up card");
        await Connector.WaitForNewestAsync(rollUp, "2 open", Wait, "both storm incidents on the roll-up");
        await OutboxDrain.WaitUntilSentAsync(Wait, Bot);
        return rollUp;
    }
}
