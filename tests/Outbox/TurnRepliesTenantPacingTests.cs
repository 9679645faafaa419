using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Outbox;

/// <summary>
/// Answers the bot gives inside a turn (the greeting when it is added to a channel, answers to questions) count against
/// Teams' per-tenant limit like the outbox's cards. When a whole organisation installs the bot at once (the 300-channel
/// simulation added its channels one after the other, and still drew 429s for the greetings), they wait for a place in
/// the tenant's budget instead of drawing 429s, which lose the answer: here 3 requests/s and 24 answers at once.
/// </summary>
public sealed class TurnRepliesTenantPacingTests : BotWithConnector
{
    private const int PerSecond = 3;

    protected override BotApp CreateBot() => new(new Dictionary<string, string?>
    {
        ["Outbox:TenantRequestsPerSecond"] = PerSecond.ToString(),
        ["Outbox:TurnReplyWait"] = "00:05:00", // however slowly a loaded machine answers, no reply gives up its wait here
    });

    [Fact]
    public async Task Greetings_and_answers_given_at_once_wait_for_their_tenants_places_instead_of_drawing_429s()
    {
        var tenant = new TeamsTenantRateLimit(PerSecond);
        Connector.Fault = tenant.Check;
        var teams = new BotClient(Http, Connector.Url, tenantId: "contoso-tenant");
        var channels = Enumerable.Range(1, 12).Select(i => $"19:team-{i:D2}@thread.tacv2").ToList();
        var questions = Enumerable.Range(1, 12).Select(i => $"19:support-{i:D2}@thread.tacv2").ToList();

        var turns = channels.Select(c => teams.AddBotAsync(c)).Concat(questions.Select(c => teams.SayAsync(c, "help"))).ToList();
        var answered = await Task.WhenAll(turns);

        Assert.All(answered, response => Assert.True(response.IsSuccessStatusCode, $"a turn answered {(int)response.StatusCode}"));
        Assert.Equal(0, tenant.Rejected);
        foreach (var channel in channels)
            Assert.Contains(Connector.Calls, c => c.ConversationId == channel && c.Text.Contains("Hi, I'm SupportBot", StringComparison.Ordinal));
        foreach (var channel in questions)
            Assert.Contains(Connector.Calls, c => c.ConversationId == channel && c.Text.Contains("Here is what I understand", StringComparison.Ordinal));
    }
}
