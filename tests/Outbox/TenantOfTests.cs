using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.Outbox;

namespace SupportBot.Tests.Outbox;

/// <summary>Which budget a message spends: its Teams tenant; Slack (limits of its own) and other channels none.</summary>
public sealed class TenantOfTests
{
    [Fact]
    public void A_Teams_conversation_spends_its_tenants_budget_and_Slack_spends_none()
    {
        Assert.Equal("tenant:contoso", TenantPacer.TenantOf(Message("msteams", "Contoso")));
        Assert.Null(TenantPacer.TenantOf(Message("slack", "Contoso")));
        Assert.Null(TenantPacer.TenantOf(Message("emulator", "Contoso")));
    }

    [Fact]
    public void Teams_conversations_stored_without_a_tenant_share_one_budget_per_service_url()
    {
        Assert.Equal("service:https://smba.example/emea", TenantPacer.TenantOf(Message("msteams", null)));
        Assert.Equal(TenantPacer.TenantOf(Message("msteams", null, "https://SMBA.example/emea")), TenantPacer.TenantOf(Message("msteams", null)));
    }

    [Fact]
    public void A_turn_names_its_tenant_in_the_conversation_or_in_channel_data()
    {
        var turn = new Activity
        {
            ChannelId = "msteams", ServiceUrl = "https://smba.example/emea/",
            Conversation = new ConversationAccount(id: "19:support@thread.tacv2"),
            ChannelData = new JObject { ["tenant"] = new JObject { ["id"] = "fabrikam" } },
        };

        Assert.Equal("tenant:fabrikam", TenantPacer.TenantOf(turn));
        Assert.Null(TenantPacer.TenantOf(new Activity { ChannelId = "slack", ChannelData = turn.ChannelData, Conversation = turn.Conversation }));
    }

    private static OutboxMessage Message(string channelId, string? tenant, string serviceUrl = "https://smba.example/emea/") => new()
    {
        Id = "post:1",
        Kind = OutboxKind.Post,
        Conversation = new ConversationReference
        {
            ChannelId = channelId,
            ServiceUrl = serviceUrl,
            Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: "19:support@thread.tacv2", tenantId: tenant),
        },
        Activity = (Activity)MessageFactory.Text("hello"),
    };
}
