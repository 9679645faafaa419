using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>Real Alertmanager groups fit the default body limit; a refusal says in the log who sent how much.</summary>
public sealed class WebhookSizeTests
{
    [Fact]
    public async Task A_200_alert_Alertmanager_group_with_long_descriptions_is_accepted_by_default()
    {
        using var app = new BotApp();
        var body = AlertmanagerGroup(alerts: 200, descriptionChars: 8000);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024, "the group is over the old 1 MiB default");

        var response = await app.CreateClient().PostAsync("/api/webhooks/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, receipt.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task A_refused_body_is_logged_with_its_source_and_size()
    {
        var log = new CapturingLoggerProvider();
        using var app = new BotApp(new Dictionary<string, string?> { ["Webhooks:MaxBodyBytes"] = "4096" },
            services => services.AddSingleton<ILoggerProvider>(log));
        var body = AlertmanagerGroup(alerts: 3, descriptionChars: 4000);
        var size = Encoding.UTF8.GetByteCount(body);

        var response = await app.CreateClient().PostAsync("/api/webhooks/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var warning = Assert.Single(log.Lines, l => l.Contains("Refused a webhook"));
        Assert.Contains("alertmanager", warning);
        Assert.Contains(size.ToString(), warning);
        Assert.Contains("4096", warning);
    }

    /// <summary>The shipped firing sample grown into one group of distinct alerts, each with a long description.</summary>
    private static string AlertmanagerGroup(int alerts, int descriptionChars)
    {
        var payload = JsonNode.Parse(Fixtures.Text("alertmanager-firing.json"))!.AsObject();
        var template = payload["alerts"]![0]!.ToJsonString();
        var list = new JsonArray();
        for (var i = 0; i < alerts; i++)
        {
            var alert = JsonNode.Parse(template)!.AsObject();
            alert["fingerprint"] = $"fp-{i:D4}";
            alert["labels"]!["instance"] = $"checkout-{i}:8080";
            alert["annotations"]!["description"] = $"Pod checkout-{i}: " + string.Concat(Enumerable.Repeat("error rate above threshold for 5 minutes; ", descriptionChars / 42));
            list.Add(alert);
        }
        payload["alerts"] = list;
        return payload.ToJsonString();
    }
}
