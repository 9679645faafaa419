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
}
