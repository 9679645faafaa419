using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using SupportBot.Cards;
using SupportBot.Presentation;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Presentation;

/// <summary>
/// Cards reach the Bot Framework's activities converted node by node (not written out and parsed again): what a channel
/// receives is exactly the JSON the card builders wrote, with hostile text in every field.
/// </summary>
public sealed class NewtonsoftTreeTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Texts() => [.. HostileStrings.Texts, "2026-11-20T09:41:12Z", "1.5", "null", ""];

    [Theory]
    [MemberData(nameof(Texts))]
    public void A_converted_card_is_the_JSON_the_builder_wrote(string text)
    {
        var model = new BriefingModel
        {
            IncidentId = "INC-7", Title = text, Description = text, Service = text, Severity = "critical", Status = "investigating",
            StartedAt = At, FiringAlerts = 3, TotalAlerts = 12, OnCallActions = true, AcknowledgedBy = text, Assignee = text,
            Links = [new CardLink(text, "https://grafana.example/d/1")],
            Updates = [new CardUpdate(At, text, text)],
        };
        JsonObject[] cards =
        [
            BriefingCard.Build(model), StatusCard.Build([model, model with { Severity = "minor" }], At, 42), SlackBriefing.Build(model),
            SlackStatus.Build([model], At), RollUpCard.Build(new RollUpModel([model, model with { Status = "resolved" }])),
        ];

        foreach (var card in cards)
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(card.ToJsonString())) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            var written = JToken.ReadFrom(reader);
            var converted = NewtonsoftTree.From(card);
            Assert.True(JToken.DeepEquals(written, converted), $"{converted}\n is not\n{written}");
        }
    }
}
