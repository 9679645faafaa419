using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>Who counts as on-call in chat, against the bot process and the Bot Connector stand-in.</summary>
public sealed class ChatDoorTests
{
    private const string Engineer = "U0ONCALL";

    [Fact]
    public async Task The_slack_user_team_form_does_not_make_a_teams_user_on_call()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var bot = await BotProcess.StartAsync(new Dictionary<string, string?> { ["OnCall:Engineers:0"] = Engineer });
        Assert.Equal(HttpStatusCode.Accepted, (await bot.Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);

        var teams = new BotClient(bot.Http, connector.Url, "msteams");
        await teams.SayAsync("a:teams-personal", "ack 1", "personal", userId: $"{Engineer}:anything", userName: "Mallory");
        var refusal = await connector.WaitForAsync(c => c.ConversationId == "a:teams-personal", what: "the answer in Teams");
        Assert.Contains("only on-call engineers can", refusal.Visible + refusal.Text);
        Assert.Equal(JsonValueKind.Null, (await IncidentAsync(bot)).GetProperty("acknowledgedBy").ValueKind);

        var slack = new BotClient(bot.Http, connector.Url, "slack");
        await slack.SayAsync("D0SLACK:T0TEAM", "ack 1", "personal", userId: $"{Engineer}:T0TEAM", userName: "Olga");
        await connector.WaitForAsync(c => c.ConversationId == "D0SLACK:T0TEAM", what: "the answer in Slack");
        Assert.Equal("Olga", (await IncidentAsync(bot)).GetProperty("acknowledgedBy").GetString());
    }

    private static Task<JsonElement> IncidentAsync(BotProcess bot) => bot.Http.GetFromJsonAsync<JsonElement>("/api/incidents/1");
}
