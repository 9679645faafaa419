using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Tests.Infrastructure;
using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.Tests.OnCall;

/// <summary>Each on-call command and each refusal, typed in chat, through the real handler on the Bot Framework TestAdapter.</summary>
public sealed class OnCallCommandTests
{
    private readonly OnCallHarness _h = new();

    [Theory]
    [InlineData("ack 1")]
    [InlineData("ack INC-1")]
    [InlineData("acknowledge #1")]
    [InlineData("<at>SupportBot</at> ack inc-1")]
    public async Task Ack_accepts_every_id_form_and_records_who_and_when(string text)
    {
        await _h.OpenIncidentAsync();

        await _h.Flow().Send(OnCallHarness.Say(text))
            .AssertReply(r => Assert.Contains("You acknowledged **INC-1**", ((IMessageActivity)r).Text))
            .StartTestAsync();

        var incident = (await _h.GetAsync(1))!;
        Assert.Equal("Olga Oncall", incident.AcknowledgedBy?.Name);
        Assert.Equal(_h.Time.GetUtcNow(), incident.AcknowledgedAt);
        var ack = incident.Timeline[^1];
        Assert.Equal((IncidentEventKind.Acknowledged, "Olga Oncall", _h.Time.GetUtcNow()), (ack.Kind, ack.Actor, ack.At));
        Assert.Single(_h.Sink.Changes);
    }

    [Fact]
    public async Task Ack_twice_says_who_already_has_it()
    {
        await _h.OpenIncidentAsync();
        // The second engineer writes from Slack, whose user ids arrive as "<user>:<team>".
        await _h.Flow("slack")
            .Send(OnCallHarness.Say("ack 1")).AssertReply(_ => { })
            .Send(OnCallHarness.Say("ack 1", "U0OLGA:T01", "Other Engineer"))
            .AssertReply(r => Assert.Equal("**INC-1** was already acknowledged by Olga Oncall.", ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Single(_h.Sink.Changes);
    }

    [Fact]
    public async Task Assign_me_and_assign_a_mentioned_colleague()
    {
        await _h.OpenIncidentAsync();
        var mention = (Activity)OnCallHarness.Say("assign 1 <at>Sam Sre</at>");
        // As the channel sends it: entity properties from JSON.
        mention.Entities = [new Entity("mention") { Properties = JObject.FromObject(new { mentioned = new { id = "29:sam", name = "Sam Sre" }, text = "<at>Sam Sre</at>" }) }];

        await _h.Flow()
            .Send(OnCallHarness.Say("assign #1 me"))
            .AssertReply(r => Assert.Contains("assigned to Olga Oncall", ((IMessageActivity)r).Text))
            .Send(mention)
            .AssertReply(r => Assert.Contains("assigned to Sam Sre", ((IMessageActivity)r).Text))
            .StartTestAsync();

        var incident = (await _h.GetAsync(1))!;
        Assert.Equal(new Person("29:sam", "Sam Sre"), incident.Assignee);
        Assert.Equal("Olga Oncall", incident.AcknowledgedBy?.Name); // taking it acknowledged it
    }

    [Fact]
    public async Task Severity_changes_and_a_wrong_severity_gets_the_choices()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say("severity 1 critical"))
            .AssertReply(r => Assert.Equal("⚠️ **INC-1** is now critical.", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Say("severity 1 apocalyptic"))
            .AssertReply(r => Assert.Contains("\"apocalyptic\" isn't a severity. Use critical, major, minor or info", ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Equal(Alerts.Severity.Critical, (await _h.GetAsync(1))!.Severity);
    }

    [Fact]
    public async Task Update_sets_the_public_state_and_is_published_for_the_thread()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say("update INC-1 identified: failover of the primary DB in progress"))
            .AssertReply(r => Assert.Contains("Posted your update to **INC-1** (identified)", ((IMessageActivity)r).Text))
            .StartTestAsync();

        var incident = (await _h.GetAsync(1))!;
        Assert.Equal(IncidentStatus.Identified, incident.Status);
        var update = Assert.Single(incident.StatusUpdates);
        Assert.Equal("Identified: failover of the primary DB in progress", update.Text);
        Assert.Equal("Olga Oncall", incident.AcknowledgedBy?.Name); // posting an update acknowledges
        var published = Assert.Single(_h.Sink.Changes);
        Assert.Equal([IncidentEventKind.Acknowledged, IncidentEventKind.StatusUpdate], published.NewEvents.Select(e => e.Kind));
        Assert.Equal(update, Assert.Single(SupportBot.Notifications.ThreadMessages.InThread(published)));
    }

    [Fact]
    public async Task Update_without_text_explains_the_format()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say("update 1"))
            .AssertReply(r => Assert.Contains("Try **update 1 identified:", ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Empty(_h.Sink.Changes);
    }

    [Fact]
    public async Task Resolve_while_alerts_fire_asks_for_confirmation_then_resolves_with_the_note()
    {
        await _h.OpenIncidentAsync(firing: 2);
        await _h.Flow()
            .Send(OnCallHarness.Say("resolve 1 rolled back the deploy"))
            .AssertReply(r => Assert.Contains("still has 2 alerts firing", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Say("resolve 1 confirm rolled back the deploy"))
            .AssertReply(r => Assert.Contains("✅ **INC-1** is resolved. If its alerts fire again within 2h it reopens.", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Say("resolve 1"))
            .AssertReply(r => Assert.StartsWith("**INC-1** is already resolved", ((IMessageActivity)r).Text))
            .StartTestAsync();

        var incident = (await _h.GetAsync(1))!;
        Assert.False(incident.IsOpen);
        Assert.Equal("Olga Oncall", incident.ResolvedBy?.Name);
        Assert.EndsWith("rolled back the deploy", incident.Timeline[^1].Text);
    }

    [Fact]
    public async Task Notes_are_internal_timeline_shows_them_to_on_call_only()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say("note 1 suspect the new connection pool size"))
            .AssertReply(r => Assert.Contains("Note added to **INC-1**", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Say("timeline 1"))
            .AssertReply(r => Assert.Contains("suspect the new connection pool size", Card(r)))
            .Send(OnCallHarness.Say("timeline 1", OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r =>
            {
                Assert.Contains("Checkout API 5xx rate above 5%", Card(r));
                Assert.DoesNotContain("connection pool", Card(r));
            })
            .StartTestAsync();
        // A note changes no channel: it is published for the card's version only, never threaded.
        Assert.False(Assert.Single(_h.Sink.Changes).NewEvents.Single().IsPublic);
    }

    [Theory]
    [InlineData("ack 1", "acknowledge incidents")]
    [InlineData("assign 1 me", "assign incidents")]
    [InlineData("severity 1 critical", "change an incident's severity")]
    [InlineData("update 1 identified: it was DNS", "post incident updates")]
    [InlineData("resolve 1", "resolve incidents")]
    [InlineData("note 1 hmm", "add notes to incidents")]
    public async Task Reps_get_a_polite_refusal_that_says_who_can(string text, string what)
    {
        await _h.OpenIncidentAsync();
        var before = await _h.GetAsync(1);

        await _h.Flow()
            .Send(OnCallHarness.Say(text, OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r =>
            {
                var reply = ((IMessageActivity)r).Text;
                Assert.StartsWith($"Sorry Rita, only on-call engineers can {what}.", reply);
                Assert.Contains("olga@contoso.com", reply);
                Assert.Contains("**timeline 1**", reply);
            })
            .StartTestAsync();

        Assert.Equal(before, await _h.GetAsync(1));
        Assert.Empty(_h.Sink.Changes);
    }

    [Fact]
    public async Task Refusal_names_the_configured_contact()
    {
        _h.Options.Contact = "the SRE on-call (#sre-oncall)";
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say("resolve 1", OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r => Assert.Contains("That's the SRE on-call (#sre-oncall).", ((IMessageActivity)r).Text))
            .StartTestAsync();
    }

    [Theory]
    [InlineData("ack", "Which incident? Try **ack 42**.")]
    [InlineData("ack banana", "\"banana\" isn't an incident number. Use 42, INC-42 or #42, e.g. **ack 42**.")]
    [InlineData("resolv 1", "I don't know \"resolv\". Did you mean **resolve 1 [note]**?")]
    [InlineData("ackk INC-1", "I don't know \"ackk\". Did you mean **ack 1**?")]
    [InlineData("ack 99", "There is no incident INC-99. Open incidents: INC-1.")]
    [InlineData("assign 1", "Who should take INC-1?")]
    public async Task Typos_missing_parts_and_unknown_incidents_get_helpful_replies(string text, string expected)
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Say(text))
            .AssertReply(r => Assert.Contains(expected, ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Empty(_h.Sink.Changes);
    }

    [Fact]
    public async Task Slack_user_ids_with_their_team_suffix_count_as_on_call()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow("slack")
            .Send(OnCallHarness.Say("ack 1", "U0OLGA:T0TEAM", "olga"))
            .AssertReply(r => Assert.Contains("You acknowledged", ((IMessageActivity)r).Text))
            .StartTestAsync();
    }

    [Fact]
    public async Task Card_submit_buttons_run_the_same_commands()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Submit(JObject.FromObject(new { verb = "update", incident = "INC-1", status = "monitoring", text = "Fix deployed" })))
            .AssertReply(r => Assert.Contains("Posted your update to **INC-1** (monitoring)", ((IMessageActivity)r).Text))
            .Send(OnCallHarness.Submit(JObject.FromObject(new { verb = "resolve", incident = "INC-1", confirm = true, note = "" }), OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r => Assert.Contains("only on-call engineers can resolve incidents", ((IMessageActivity)r).Text))
            .StartTestAsync();
        Assert.Equal("Monitoring: Fix deployed", (await _h.GetAsync(1))!.StatusUpdates.Single().Text);
    }

    [Fact]
    public async Task Universal_action_is_answered_with_the_updated_card_and_a_rep_gets_the_refusal_as_a_message()
    {
        await _h.OpenIncidentAsync();
        await _h.Flow()
            .Send(OnCallHarness.Execute("ack", JObject.FromObject(new { verb = "ack", incident = "INC-1" })))
            .AssertReply(r =>
            {
                var response = Invoke(r);
                Assert.Equal(200, response.StatusCode);
                Assert.Equal("application/vnd.microsoft.card.adaptive", response.Type);
                var card = ActivityText.CardJson(response.Value).ToString();
                Assert.Contains("Olga Oncall", card);                 // Acknowledged fact
                Assert.DoesNotContain("\"Acknowledge\"", card);      // the button is gone
            })
            .Send(OnCallHarness.Execute("resolve", JObject.FromObject(new { verb = "resolve", incident = "INC-1", confirm = true }), OnCallHarness.RepId, "Rita Rep"))
            .AssertReply(r =>
            {
                var response = Invoke(r);
                Assert.Equal(200, response.StatusCode);
                Assert.Equal("application/vnd.microsoft.activity.message", response.Type);
                Assert.Contains("only on-call engineers can resolve incidents", (string)response.Value);
            })
            .StartTestAsync();
        Assert.True((await _h.GetAsync(1))!.IsOpen);
    }

    [Fact]
    public async Task Help_lists_the_on_call_commands()
    {
        await _h.Flow()
            .Send(OnCallHarness.Say("help"))
            .AssertReply(r =>
            {
                var help = ((IMessageActivity)r).Text;
                foreach (var usage in new[] { "ack 42", "assign 42 @someone", "severity 42 critical", "update 42 identified", "resolve 42", "note 42", "timeline 42" })
                    Assert.Contains(usage, help);
            })
            .StartTestAsync();
    }

    private static string Card(IActivity reply) =>
        ((IMessageActivity)reply).Attachments.SingleOrDefault()?.Content is { } card ? ActivityText.CardJson(card).ToString() : throw new Xunit.Sdk.XunitException("no card");

    private static AdaptiveCardInvokeResponse Invoke(IActivity reply)
    {
        Assert.Equal("invokeResponse", reply.Type);
        var invoke = (InvokeResponse)((Activity)reply).Value;
        return (AdaptiveCardInvokeResponse)invoke.Body;
    }
}
