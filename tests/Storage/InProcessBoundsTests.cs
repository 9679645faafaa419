using Microsoft.Bot.Schema;
using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using SupportBot.Channels;
using SupportBot.Digests;
using SupportBot.Incidents;
using SupportBot.Tests.Storage;

namespace SupportBot.Tests.Storage;

/// <summary>What the bot keeps in its own memory stays bounded however long it runs.</summary>
public sealed class InProcessBoundsTests
{
    [Fact]
    public async Task Connector_clients_are_reused_per_service_url_and_capped_in_number()
    {
        var cache = new ConnectorClientCache(BotFrameworkAuthenticationFactory.Create());
        var factory = cache.CreateConnectorFactory(new ClaimsIdentity());
        var first = await factory.CreateAsync("https://smba.example/amer/", null, default);
        Assert.Same(first, await factory.CreateAsync("https://smba.example/amer/", null, default));

        for (var i = 0; i < 500; i++) await factory.CreateAsync($"https://smba.example/tenant-{i}/", null, default);

        Assert.Equal(ConnectorClientCache.MaxClients, cache.Count);
    }

    /// <summary>
    /// Every turn's authentication hands the adapter a connector factory and asks for a user-token client: both give
    /// the kept clients, not new Microsoft.Rest clients that reflect over the Bot Framework schema again on each turn.
    /// </summary>
    [Fact]
    public async Task Each_turn_gets_the_kept_connector_and_user_token_clients()
    {
        var cache = new ConnectorClientCache(BotFrameworkAuthenticationFactory.Create());
        var activity = new Activity { Type = ActivityTypes.Message, ChannelId = "msteams", ServiceUrl = "https://smba.example/amer/" };

        var first = await cache.AuthenticateRequestAsync(activity, "", default);
        var second = await cache.AuthenticateRequestAsync(activity, "", default);

        var client = await first.ConnectorFactory.CreateAsync(activity.ServiceUrl, first.Audience, default);
        client.Dispose();   // as the adapter does when its turn ends
        Assert.Same(client, await second.ConnectorFactory.CreateAsync(activity.ServiceUrl, second.Audience, default));
        Assert.Equal(1, cache.Count);
        var tokens = await cache.CreateUserTokenClientAsync(first.ClaimsIdentity, default);
        tokens.Dispose();
        Assert.Same(tokens, await cache.CreateUserTokenClientAsync(second.ClaimsIdentity, default));
    }
}
