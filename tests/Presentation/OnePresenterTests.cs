using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Redaction;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Presentation;

/// <summary>
/// "status" and "what's the status?" (two skills, two wordings) reach one presenter: the same reply in Teams and the
/// same Block Kit in Slack, with the alert's personal data taken out by the configured redactor in every one.
/// </summary>
public sealed class OnePresenterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new BotApp(services: services => services
            .Replace<TimeProvider>(_time)
            .Replace<IRedactor>(new NameRedactor()));
        await _app.Service<IncidentEngine>().IngestAsync([new Alert
        {
            Source = "alertmanager",
            Fingerprint = "6f2b1c0d9e8a7b54",
            Status = AlertStatus.Firing,
            Severity = SupportBot.Alerts.Severity.Critical,
            Service = "checkout-api",
            Summary = "Checkout down for Jane Doe and others",
            Description = "first failing order by jane.doe@example.com from 81.2.69.160",
            StartsAt = Now.AddMinutes(-20),
            GroupKey = "service:checkout-api",
        }], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("msteams")]
    [InlineData("slack")]
    public async Task Both_wordings_get_the_same_redacted_reply(string channel)
    {
        var (status, statusSeen) = await AskAsync(channel, "status");
        var (question, _) = await AskAsync(channel, "what's the status?");

        Assert.Equal(status, question);
        Assert.Contains("INC-1", statusSeen);
        Assert.Contains("Checkout down for [person] and others", statusSeen); // the configured redactor's finding
        Assert.DoesNotContain("Jane Doe", status);
        Assert.DoesNotContain("jane.doe@example.com", status);
        if (channel == "slack") Assert.Contains("\"blocks\"", status);
        else Assert.Contains("application/vnd.microsoft.card.adaptive", status);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("slack")]
    public async Task An_incident_asked_for_in_either_wording_is_redacted_alike(string channel)
    {
        var (exact, seen) = await AskAsync(channel, "incident 1");
        var (question, _) = await AskAsync(channel, "what happened to INC-1?");

        Assert.Equal(exact, question);
        Assert.Contains("[person]", seen);
        Assert.Contains("[email]", seen);
        Assert.DoesNotContain("Jane Doe", exact);
        Assert.DoesNotContain("jane.doe@example.com", exact);
    }

    /// <summary>What the user gets: the reply's text, attachments and channel data (Slack's message) as JSON, and the text a user sees.</summary>
    private async Task<(string Json, string Visible)> AskAsync(string channel, string text)
    {
        var adapter = new TestAdapter(channel);
        var bot = _app.Services.CreateScope().ServiceProvider.GetRequiredService<IBot>();
        (string, string) seen = default;
        await new TestFlow(adapter, bot).Send(text).AssertReply(activity =>
        {
            var reply = (IMessageActivity)activity;
            var json = JsonConvert.SerializeObject(new { reply.Text, reply.Attachments, reply.ChannelData });
            // Slack's message is the channel data (Block Kit, mrkdwn); Teams shows the card's text.
            seen = (json, channel == "slack" ? json : ActivityText.Visible(activity));
        }).StartTestAsync();
        return seen;
    }

    /// <summary>Stands in for a configured redactor (Azure AI Language finds names): the built-in rules, then names.</summary>
    private sealed class NameRedactor : IRedactor
    {
        public Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>(texts.Select(t => BuiltInRedactor.Redact(t).Replace("Jane Doe", "[person]", StringComparison.Ordinal)).ToList());
    }
}
