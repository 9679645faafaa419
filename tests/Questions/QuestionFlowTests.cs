using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Questions;

/// <summary>Each question form through the real bot (its handler, skills and services) with the Bot Framework TestFlow.</summary>
public sealed class QuestionFlowTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 2, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private BotApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new BotApp(new Dictionary<string, string?>
        {
            ["Questions:Services:checkout-api:Aliases:0"] = "checkout",
            ["Questions:Services:checkout-api:DisplayName"] = "Checkout",
            ["Questions:Services:payments-api:Aliases:0"] = "payments",
            ["Questions:Services:payments-api:DisplayName"] = "Payments",
            ["Questions:Services:checkout-web:DisplayName"] = "Shop front",
        }, services => services.Replace<TimeProvider>(_time));
        await _app.Service<IncidentEngine>().IngestAsync([Firing()], CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Alert Firing() => new()
    {
        Source = "alertmanager",
        Fingerprint = "6f2b1c0d9e8a7b54",
        Status = AlertStatus.Firing,
        Severity = SupportBot.Alerts.Severity.Critical,
        Service = "checkout-api",
        Summary = "Checkout API 5xx rate above 5%",
        Description = "5xx on checkout-7f9c-1.prod.internal:8080, first failing order by jane.doe@example.com from 81.2.69.160",
        StartsAt = new DateTimeOffset(2026, 11, 20, 9, 41, 12, TimeSpan.Zero),
        GroupKey = "service:checkout-api",
    };

    private TestFlow Flow()
    {
        var adapter = new TestAdapter(TestAdapter.CreateConversation(nameof(QuestionFlowTests)));
        var bot = _app.Services.CreateScope().ServiceProvider.GetRequiredService<IBot>();
        return new TestFlow(adapter, bot);
    }

    private Task Ask(string text, Action<string> assert) =>
        Flow().Send(text).AssertReply(activity => assert(ActivityText.Visible(activity))).StartTestAsync();

    [Fact]
    public Task Is_checkout_ok_shows_its_open_incident() => Ask("is checkout ok?", seen =>
    {
        Assert.Contains("checkout-api: 1 open incident", seen);
        Assert.Contains("INC-1", seen);
        Assert.Contains("Checkout API 5xx rate above 5%", seen);
    });

    [Fact]
    public Task Status_of_a_quiet_service_says_it_is_operational() => Ask("Status of Payments", seen =>
        Assert.Contains("payments-api is operational", seen));

    [Fact]
    public Task A_typo_in_a_service_name_gets_did_you_mean() => Ask("is chekout down?", seen =>
        Assert.Contains("Did you mean **checkout-api**?", seen));

    [Fact]
    public Task A_name_several_services_share_asks_which_one() => Ask("status of checko", seen =>
        Assert.Contains("\"checko\" could be **checkout-api** or **checkout-web**. Which one?", seen));

    [Fact]
    public Task An_unknown_service_lists_the_known_ones() => Ask("status of warehouse", seen =>
    {
        Assert.Contains("don't know a service called \"warehouse\"", seen);
        Assert.Contains("checkout-api", seen);
        Assert.Contains("payments-api", seen);
    });

    [Fact]
    public Task A_typo_in_status_still_gets_the_overview() => Ask("stauts?", seen =>
    {
        Assert.Contains("1 open incident", seen);
        Assert.Contains("INC-1", seen);
    });

    [Fact]
    public Task What_happened_to_an_incident_shows_its_briefing_redacted() => Ask("What happened to INC-1?", seen =>
    {
        Assert.Contains("Checkout API 5xx rate above 5%", seen);
        Assert.Contains("[email]", seen);
        Assert.Contains("[ip]", seen);
        Assert.DoesNotContain("jane.doe@example.com", seen);
        Assert.DoesNotContain("81.2.69.160", seen);
    });

    [Fact]
    public Task Logs_of_a_service_with_an_incident_show_the_alert_text_redacted_around_its_start() => Ask("logs checkout", seen =>
    {
        Assert.Contains("Logs · checkout-api", seen);
        Assert.Contains("2026-11-20 09:36–10:02 UTC", seen); // five minutes before the incident started, until now
        Assert.Contains("From the alert", seen);
        Assert.Contains("first failing order by [email] from [ip]", seen);
        Assert.DoesNotContain("jane.doe", seen);
    });

    [Fact]
    public Task Logs_for_the_last_minutes() => Ask("Logs checkout last 30m", seen =>
        Assert.Contains("2026-11-20 09:32–10:02 UTC", seen));

    [Fact]
    public Task Errors_since_a_time_of_day_with_nothing_found_say_so() => Ask("errors in payments since 10:00", seen =>
    {
        Assert.Contains("Errors · payments-api", seen);
        Assert.Contains("2026-11-20 10:00–10:02 UTC", seen);
        Assert.Contains("No error lines in this range.", seen);
    });

    [Fact]
    public Task Logs_of_a_mistyped_service_suggest_the_nearest() => Ask("logs chekout-api", seen =>
        Assert.Contains("Did you mean **checkout-api**? Try **logs checkout-api**", seen));

    [Fact]
    public Task Logs_without_a_service_ask_which() => Ask("logs", seen =>
    {
        Assert.Contains("Logs of which service?", seen);
        Assert.Contains("checkout-api", seen);
    });

    [Fact]
    public Task Draft_reply_gives_an_email_and_a_short_post_without_internals() => Ask("draft reply for 1", seen =>
    {
        Assert.Contains("Customer reply draft · INC-1", seen);
        Assert.Contains("Checkout is currently unavailable or failing for many customers since 09:41 UTC", seen);
        Assert.Contains("next update by 10:35 UTC", seen);
        Assert.Matches(@"Short post \(\d+/280\)", seen);
        foreach (var leak in new[] { "prod.internal", "jane.doe", "[email]", "81.2.69.160", "5xx" })
            Assert.DoesNotContain(leak, seen);
    });

    [Fact]
    public Task Draft_for_an_unknown_incident_says_so() => Ask("draft reply for 99", seen =>
        Assert.Contains("There is no incident INC-99", seen));

    [Fact]
    public Task Help_lists_the_questions() => Ask("help", seen =>
    {
        Assert.Contains("is checkout ok?", seen);
        Assert.Contains("logs checkout", seen);
        Assert.Contains("draft reply for 42", seen);
    });

    [Fact]
    public Task Exact_status_is_still_answered_by_the_status_skill() => Ask("status", seen => Assert.Contains("1 open incident", seen));
}
