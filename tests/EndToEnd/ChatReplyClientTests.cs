using Microsoft.Bot.Connector.Authentication;
using SupportBot.Channels;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// The real CloudAdapter answers every chat turn through a connector client kept for the channel's service URL. It
/// used to build a new ConnectorClient and OAuthClient on every turn, each reflecting over the Bot Framework schema
/// again for its serializers: most of the CPU of an answer.
/// </summary>
public sealed class ChatReplyClientTests : BotWithConnector
{
    [Fact]
    public async Task Answers_in_one_channel_go_through_one_kept_connector_client()
    {
        for (var i = 0; i < 3; i++)
        {
            var answer = await AskAsync(Channel, i % 2 == 0 ? "status" : "incident 42");
            Assert.Contains(i % 2 == 0 ? "All systems operational" : "INC-42", answer.Visible);
        }

        var clients = Assert.IsType<ConnectorClientCache>(Bot.Service<BotFrameworkAuthentication>());
        Assert.Equal(1, clients.Count);
    }
}
