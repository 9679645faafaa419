using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.EarlyWarning;
using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Tests.OnCall;

public sealed class WarningButtonTests
{
    private const string Id = "checkout-api/Queue depth@1800000000";
    private readonly OnCallHarness _h = new();

    private Task SeedAsync() => _h.Warnings.SaveAsync(new SignalWarning
    {
        Id = Id, SignalKey = "checkout-api/Queue depth", Service = "checkout-api", SignalName = "Queue depth",
        Direction = Direction.Above, Threshold = 100, Status = WarningStatus.Active, RaisedAt = _h.Time.GetUtcNow(),
        ValueNow = 60, CrossingIn = TimeSpan.FromMinutes(12),
    }, default);

    [Fact]
    public async Task On_call_presses_looking_at_it_and_dismiss_and_a_rep_is_told_who_can()
    {
        await SeedAsync();
        await _h.Flow()
            .Send(OnCallHarness.Submit(new JObject { ["verb"] = "warning-looking", ["warning"] = Id }, OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r => Assert.Contains("only on-call engineers can take early warnings", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Submit(new JObject { ["verb"] = "warning-looking", ["warning"] = Id }))
            .AssertReply(r => Assert.Equal("👀 Noted: Olga Oncall is looking at Queue depth.", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Say("warnings"))
            .AssertReply(r => Assert.Contains("Olga Oncall is looking at it", ((IMessageActivity)r).Attachments[0].Content.ToString()))
            .Send(OnCallHarness.Say($"dismiss warning {Id}"))
            .AssertReply(r => Assert.Equal("Dismissed the early warning for Queue depth.", ((IMessageActivity)r).Text))
            .StartTestAsync();

        var stored = await _h.Warnings.GetAsync(Id, default);
        Assert.Equal(WarningStatus.Dismissed, stored!.Status);
        Assert.Equal("Olga Oncall", stored.LookingBy);
        Assert.Equal("Olga Oncall", stored.DismissedBy);
        Assert.Empty(await _h.Warnings.ListActiveAsync(default));
    }

    [Fact]
    public async Task A_slack_button_click_dismisses_too()
    {
        await SeedAsync();
        var click = new Activity(ActivityTypes.Message)
        {
            ChannelId = "slack",
            From = new ChannelAccount(OnCallHarness.SlackOnCallId + ":T01", "Olga Oncall"),
            ChannelData = new JObject { ["Payload"] = new JObject { ["actions"] = new JArray(new JObject { ["action_id"] = "warning_dismiss", ["value"] = Id }) } },
        };
        await _h.Flow("slack").Send(click)
            .AssertReply(r => Assert.Equal("Dismissed the early warning for Queue depth.", ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Equal(WarningStatus.Dismissed, (await _h.Warnings.GetAsync(Id, default))!.Status);
    }
}
