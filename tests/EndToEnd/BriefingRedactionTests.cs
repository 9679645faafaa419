using System.Text;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Alert texts reach support channels only through the redactor.</summary>
public sealed class BriefingRedactionTests : BotWithConnector
{

    [Fact]
    public async Task A_briefing_shows_the_alert_description_with_personal_data_redacted()
    {
        await new BotClient(Http, Connector.Url).AddBotAsync(Channel);
        var payload = Fixtures.Text("alertmanager-firing.json").Replace(
            "\"description\": \"5xx responses on",
            "\"description\": \"Complaint from jane.doe@example.com (+49 30 1234567) via 81.2.69.160. 5xx responses on");
        await Http.PostAsync("/api/webhooks/alertmanager", new StringContent(payload, Encoding.UTF8, "application/json"));

        var card = await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null }, what: "the briefing card");

        Assert.True(card.Visible.Contains("Complaint from [email] ([phone]) via [ip]. 5xx responses on"), card.Visible);
        foreach (var secret in new[] { "jane.doe", "1234567", "81.2.69.160" })
            Assert.DoesNotContain(secret, card.Visible);
    }
}
