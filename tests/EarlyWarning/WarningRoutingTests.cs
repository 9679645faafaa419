using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using SupportBot.EarlyWarning;
using SupportBot.EarlyWarning.Forecasting;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EarlyWarning;

/// <summary>
/// Early-warning cards through the real bot and the Bot Connector stand-in: only channels that follow the warning's
/// service get them, and the card links to the incident on the public status page once there is one.
/// </summary>
public sealed class WarningRoutingTests : BotWithConnector
{
    private const string General = Channel;
    private const string OrdersTeam = "19:orders-team@thread.tacv2";
    private const string CheckoutCritical = "19:checkout-critical@thread.tacv2";
    private static readonly DateTimeOffset Raised = DateTimeOffset.Parse("2026-11-20T09:30:00Z");

    protected override BotApp CreateBot() => new(new Dictionary<string, string?>
    {
        ["StatusPage:PublicUrl"] = "https://status.example.com/",
        ["StatusPage:Services:0:Service"] = "checkout-api",
        ["StatusPage:Services:0:Name"] = "Checkout",
    });

    [Fact]
    public async Task Only_channels_following_the_service_get_the_warning_and_the_card_links_to_the_incident_it_became()
    {
        await AddAsync(General, null);
        await AddAsync(OrdersTeam, "subscribe here service orders-api");
        await AddAsync(CheckoutCritical, "subscribe here service checkout-api severity critical");

        await RaiseAsync(Warning("checkout-api", "Queue depth"));
        var card = await WarningCardAsync(General, "Queue depth");
        await WarningCardAsync(CheckoutCritical, "Queue depth");   // a warning has no severity: the severity filter does not hold it back
        Assert.Null(OpenIncidentButton(card));
        await OutboxDrain.WaitUntilSentAsync(null, Bot);
        Assert.DoesNotContain(Connector.Calls, c => c.ConversationId == OrdersTeam && c.Visible.Contains("EARLY WARNING"));

        // The threshold is crossed and an incident opens for checkout-api: the warning came true and its card links to it.
        var opened = await Http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, opened.StatusCode);
        var cameTrue = await Connector.WaitForAsync(c => c.Method == "PUT" && c.ConversationId == General && c.ActivityId == card.ActivityId
            && c.Visible.Contains("came true: INC-1"), timeout: TimeSpan.FromSeconds(30), what: "the warning card, came true");
        Assert.Equal(("Open INC-1", "https://status.example.com/status#INC-1"), OpenIncidentButton(cameTrue));

        // A warning raised while the service's incident is open links to it from the start.
        await RaiseAsync(Warning("checkout-api", "Pool use"));
        var during = await WarningCardAsync(General, "Pool use");
        Assert.Equal(("Open INC-1", "https://status.example.com/status#INC-1"), OpenIncidentButton(during));

        // The status page has no anchor for a service it does not show (not among StatusPage:Services): no button, rather than a dead link.
        await Http.PostAsync("/api/webhooks/alertmanager", AlertmanagerPayload.For("Stock sync failing", service: "inventory-api", severity: "critical"));
        await Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == General && c.Visible.Contains("INC-2"),
            timeout: TimeSpan.FromSeconds(30), what: "INC-2's card");
        await RaiseAsync(Warning("inventory-api", "Error ratio"));
        Assert.Null(OpenIncidentButton(await WarningCardAsync(General, "Error ratio")));
    }

    private static SignalWarning Warning(string service, string name) => new()
    {
        Id = SignalWarning.MakeId($"{service}/{name}", Raised),
        SignalKey = $"{service}/{name}",
        Service = service,
        SignalName = name,
        Direction = Direction.Above,
        Threshold = 500,
        Status = WarningStatus.Active,
        RaisedAt = Raised,
        UpdatedAt = Raised,
        ValueNow = 412,
        CrossingIn = TimeSpan.FromMinutes(12),
        Recent = [100, 200, 300, 412],
        RecentSpan = TimeSpan.FromMinutes(30),
    };

    /// <summary>What the forecaster does with a warning it raised: stores it and tells the sinks.</summary>
    private async Task RaiseAsync(SignalWarning warning)
    {
        await Bot.Service<IEarlyWarningStore>().SaveAsync(warning, default);
        foreach (var sink in Bot.Services.GetServices<IEarlyWarningSink>()) await sink.PublishAsync(warning, default);
    }

    private async Task AddAsync(string conversation, string? filter)
    {
        await AddBotAndWaitAsync(conversation);
        if (filter is not null) Assert.Contains("outage briefings for", (await AskAsync(conversation, filter)).Text);
    }

    private Task<ConnectorCall> WarningCardAsync(string conversation, string signal) =>
        Connector.WaitForAsync(c => c is { Method: "POST", ReplyToId: null } && c.ConversationId == conversation && c.Visible.Contains("EARLY WARNING")
            && c.Visible.Contains(signal), timeout: TimeSpan.FromSeconds(30), what: $"the {signal} warning card in {conversation}");

    private static (string Title, string Url)? OpenIncidentButton(ConnectorCall call) =>
        call.Card?["actions"]?.OfType<JObject>().Where(a => a.Value<string>("type") == "Action.OpenUrl")
            .Select(a => ((string Title, string Url)?)(a.Value<string>("title")!, a.Value<string>("url")!)).FirstOrDefault();
}
