using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// An alert storm the way Alertmanager sends one: distinct alerts fire, every second one resolves later, and a webhook
/// that is not answered 202 (503 while Redis fails over, a refused connection while a bot is down) is sent again, to
/// the next instance. <see cref="CheckAsync"/> then counts what the issue cares about: incidents lost or duplicated,
/// cards posted twice, cards not at their final state.
/// </summary>
public sealed class AlertStorm(int alerts, string label = "Storm alert")
{
    private int _resent;

    public int Alerts => alerts;

    /// <summary>Webhooks sent again after a 503 or a connection failure.</summary>
    public int Resent => _resent;

    public string Summary(int i) => $"{label} {i:D3}";

    public static bool EndsResolved(int i) => i % 2 == 0;

    /// <summary>Every alert fires, then the even ones resolve; <paramref name="parallel"/> webhooks in flight, round-robin over <paramref name="clients"/>.</summary>
    public async Task SendAsync(IReadOnlyList<Func<HttpClient?>> clients, int parallel = 8, Func<int, Task>? afterEach = null, CancellationToken ct = default)
    {
        var webhooks = Enumerable.Range(0, alerts).Select(i => (i, resolved: false))
            .Concat(Enumerable.Range(0, alerts).Where(EndsResolved).Select(i => (i, resolved: true))).ToList();
        // Alertmanager notifies about one alert in order: its resolution goes out only once its firing notification was
        // accepted (a failed one is retried first). Sent any earlier, a firing webhook retried after a 503 could arrive
        // after the resolution and rightly fire the alert again.
        var firingAccepted = Enumerable.Range(0, alerts).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var next = -1;
        var sent = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < webhooks.Count)
            {
                var (i, resolved) = webhooks[n];
                if (resolved) await firingAccepted[i].Task.WaitAsync(ct);
                try
                {
                    await DeliverAsync(clients, n, () => AlertmanagerPayload.For(Summary(i), resolved), ct);
                }
                catch (Exception e) when (!resolved)
                {
                    firingAccepted[i].TrySetException(e);   // its resolution is not left waiting for ever
                    throw;
                }
                if (!resolved) firingAccepted[i].TrySetResult();
                if (afterEach is not null) await afterEach(Interlocked.Increment(ref sent));
            }
        }));
    }

    private async Task DeliverAsync(IReadOnlyList<Func<HttpClient?>> clients, int n, Func<HttpContent> body, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var attempt = 0; ; attempt++)
        {
            var client = clients[(n + attempt) % clients.Count]();
            try
            {
                if (client is not null)
                {
                    using var answer = await client.PostAsync("/api/webhooks/alertmanager", body(), ct);
                    if (answer.StatusCode == HttpStatusCode.Accepted) return;
                    if (answer.StatusCode != HttpStatusCode.ServiceUnavailable)
                        throw new InvalidOperationException($"Webhook answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
                    Assert.True(answer.Headers.RetryAfter is not null, "a 503 says when to retry");
                }
            }
            catch (HttpRequestException) { } // that instance is down: the next one takes it
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { } // timed out mid-failover
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Webhook {n} was never accepted.");
            Interlocked.Increment(ref _resent);
            await Task.Delay(100, ct);
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until every card is at its final state, then counts what went wrong.
    /// A card is the briefing's Adaptive Card (its newest copy, where it was posted twice); its final state shows
    /// "Resolved after" exactly for the alerts that resolved. With <paramref name="channels"/>, in each of them (a card
    /// per channel), else in the channel it was posted to last.
    /// </summary>
    public async Task<StormOutcome> CheckAsync(HttpClient api, ConnectorStandIn connector, TimeSpan timeout, IReadOnlyList<string>? channels = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            StormOutcome outcome;
            try { outcome = await CountAsync(api, connector, channels); }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250); // the store is still failing over: ask again, as a user would
                continue;
            }
            if (outcome.CardsNotFinal == 0 || DateTime.UtcNow > deadline) return outcome;
            await Task.Delay(250);
        }
    }

    private async Task<StormOutcome> CountAsync(HttpClient api, ConnectorStandIn connector, IReadOnlyList<string>? channels)
    {
        var titles = new List<string>();
        for (var url = "/api/incidents?limit=200"; url is not null;)
        {
            var page = await api.GetFromJsonAsync<JsonElement>(url);
            titles.AddRange(page.GetProperty("incidents").EnumerateArray().Select(i => i.GetProperty("title").GetString()!));
            url = page.GetProperty("next").ValueKind == JsonValueKind.String ? page.GetProperty("next").GetString() : null;
        }
        var calls = connector.Calls;
        int lost = 0, duplicated = 0, postedTwice = 0, notFinal = 0;
        var details = new List<string>();
        for (var i = 0; i < alerts; i++)
        {
            var summary = Summary(i);
            var stored = titles.Count(t => t.Contains(summary, StringComparison.Ordinal));
            if (stored == 0) lost++;
            if (stored > 1) duplicated++;
            var posts = calls.Where(c => c is { Method: "POST", ReplyToId: null, Card: not null } && c.Visible.Contains(summary, StringComparison.Ordinal)).ToList();
            if (posts.Select(p => p.ConversationId).Distinct().Count() < posts.Count)
            {
                postedTwice++;
                details.Add($"{summary} posted as {string.Join(", ", posts.Select(p => p.ActivityId))}");
            }
            foreach (var channel in channels ?? [posts.Count == 0 ? "" : posts[^1].ConversationId])
            {
                var inChannel = channels is null ? posts : posts.Where(p => p.ConversationId == channel).ToList();
                // The card the bot keeps up to date is its newest copy (an older one is counted as posted twice above).
                var last = inChannel.Count == 0 ? null : calls.LastOrDefault(c => c.ActivityId == inChannel[^1].ActivityId);
                var resolvedShown = last?.Visible.Contains("Resolved after", StringComparison.Ordinal);
                // An incident over before its card's turn came is never posted (the channel would only see it end): final too.
                if (resolvedShown != EndsResolved(i) && !(last is null && EndsResolved(i)))
                {
                    notFinal++;
                    details.Add($"{summary} shows {(last is null ? "no card" : resolvedShown == true ? "resolved" : "firing")}{(channels is null ? "" : " in " + channel)}");
                }
            }
        }
        return new StormOutcome(alerts, lost, duplicated, postedTwice, notFinal, _resent) { Details = details };
    }
}

public sealed record StormOutcome(int Alerts, int Lost, int Duplicated, int CardsPostedTwice, int CardsNotFinal, int WebhooksResent)
{
    /// <summary>Which alert went wrong how, for a failing test's message.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>
    /// For a failing test's message: the lines of the bots' log (<paramref name="log"/>, captured from Information up)
    /// about posting cards, and those naming an alert that went wrong.
    /// </summary>
    public static string LogAbout(IEnumerable<StormOutcome> outcomes, IEnumerable<string> log)
    {
        var wrong = outcomes.SelectMany(o => o.Details).Select(d => d.Split(" posted as ")[0].Split(" shows ")[0]).ToHashSet();
        return string.Join("\n", log.Where(line =>
            line.Contains("Posted ") || line.Contains("Updated ") || line.Contains("posting it again") || line.Contains("kept changing") || line.Contains("Could not record")
            || wrong.Any(line.Contains)).Take(600));
    }

    public override string ToString() =>
        $"{Alerts} alerts: {Lost} incidents lost, {Duplicated} duplicated, {CardsPostedTwice} cards posted twice, {CardsNotFinal} cards not final ({WebhooksResent} webhooks sent again)"
        + (Details.Count == 0 ? "" : "\n" + string.Join("\n", Details.Take(20)));
}
