using System.Net;
using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>/api/incidents shows personal data only to a caller holding the admin credential; anyone else gets it redacted.</summary>
public sealed class IncidentApiRedactionTests
{
    private const string Leaky = "Refund for jörg.müller@exämple.de failed, card 4111  1111  1111  1111";

    [Fact]
    public async Task Without_the_admin_credential_the_incident_texts_are_redacted()
    {
        await using var open = new BotApp();   // Development without Admin:Token: the API answers anyone
        var http = open.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/alertmanager", Payload())).StatusCode);

        var list = await http.GetStringAsync("/api/incidents");
        var one = await http.GetStringAsync("/api/incidents/1");

        foreach (var body in new[] { list, one })
        {
            Assert.DoesNotContain("müller", body);
            Assert.DoesNotContain("4111", body);
            Assert.Contains("[email]", body);
        }
        Assert.Contains("[card]", one);
    }

    [Fact]
    public async Task The_admin_credential_shows_the_stored_text()
    {
        await using var guarded = new BotApp(new Dictionary<string, string?> { ["Admin:Token"] = ProductionSettings.AdminToken });
        var http = guarded.CreateClient();
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/webhooks/alertmanager", Payload())).StatusCode);
        http.DefaultRequestHeaders.Authorization = new("Bearer", ProductionSettings.AdminToken);

        Assert.Contains("jörg.müller@exämple.de", await http.GetStringAsync("/api/incidents"));
        Assert.Contains("4111  1111", await http.GetStringAsync("/api/incidents/1"));
    }

    private static StringContent Payload()
    {
        var payload = JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!.AsObject();
        payload["alerts"]![0]!["annotations"]!["summary"] = Leaky;
        payload["alerts"]![0]!["annotations"]!["description"] = Leaky;
        payload["commonAnnotations"]!["summary"] = Leaky;
        return new StringContent(payload.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
    }
}
