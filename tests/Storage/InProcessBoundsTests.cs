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

    [Fact]
    public async Task Service_ping_queue_keeps_the_newest_changes_and_counts_the_ones_it_dropped()
    {
        var queue = new ServiceAlertQueue(capacity: 3);
        for (var i = 1; i <= 10; i++)
            await queue.PublishAsync(new IncidentChange(StoreContract.Incident(i, $"group-{i}"), null), default);

        Assert.Equal(3, queue.Count);
        Assert.Equal(7, queue.Dropped);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var waiting = new List<int>();
        await foreach (var change in queue.ReadAllAsync(stop.Token))
        {
            waiting.Add(change.Current.Number);
            if (waiting.Count == 3) break;
        }
        Assert.Equal([8, 9, 10], waiting);
    }
}
