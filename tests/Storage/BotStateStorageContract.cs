using Microsoft.Bot.Builder;
using SupportBot.Storage.Redis;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Storage;

/// <summary>What the bot's conversation and user state need from IStorage, for MemoryStorage and for Redis alike.</summary>
public abstract class BotStateStorageContract
{
    protected abstract IStorage CreateStorage();

    public sealed class Note : IStoreItem
    {
        public string Text { get; set; } = "";
        public List<int> Incidents { get; set; } = [];
        public string? ETag { get; set; }
    }

    [Fact]
    public async Task Conversation_state_written_in_one_turn_is_read_in_the_next()
    {
        var storage = CreateStorage();
        var turn = Turn("19:general@thread.tacv2");
        var state = new ConversationState(storage);
        (await state.CreateProperty<Note>("note").GetAsync(turn, () => new Note(), default)).Incidents.Add(42);
        await state.SaveChangesAsync(turn);

        // A new ConversationState, as in another bot instance or after a restart.
        var later = new ConversationState(storage).CreateProperty<Note>("note");
        Assert.Equal([42], (await later.GetAsync(Turn("19:general@thread.tacv2"), () => new Note(), default)).Incidents);
        Assert.Empty((await later.GetAsync(Turn("19:ops@thread.tacv2"), () => new Note(), default)).Incidents);
    }

    [Fact]
    public async Task A_stale_write_is_refused_and_a_star_etag_overwrites()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = new Note { Text = "v1" } });
        var first = (Note)(await storage.ReadAsync(["k"]))["k"];
        var second = (Note)(await storage.ReadAsync(["k"]))["k"];
        Assert.Equal("v1", first.Text);
        Assert.NotNull(first.ETag);

        first.Text = "v2";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = first });
        second.Text = "lost update";
        await Assert.ThrowsAnyAsync<Exception>(() => storage.WriteAsync(new Dictionary<string, object> { ["k"] = second }));
        Assert.Equal("v2", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);

        second.ETag = "*";
        await storage.WriteAsync(new Dictionary<string, object> { ["k"] = second });
        Assert.Equal("lost update", ((Note)(await storage.ReadAsync(["k"]))["k"]).Text);

        await storage.DeleteAsync(["k"]);
        Assert.Empty(await storage.ReadAsync(["k"]));
    }

    private static TurnContext Turn(string conversationId) => new(new TestAdapterStub(), new Microsoft.Bot.Schema.Activity
    {
        Type = "message",
        ChannelId = "msteams",
        Conversation = new Microsoft.Bot.Schema.ConversationAccount(id: conversationId),
        From = new Microsoft.Bot.Schema.ChannelAccount("29:rep"),
        Recipient = new Microsoft.Bot.Schema.ChannelAccount("28:supportbot"),
    });

    /// <summary>State only needs a turn to read its keys from; nothing is sent.</summary>
    private sealed class TestAdapterStub : BotAdapter
    {
        public override Task<Microsoft.Bot.Schema.ResourceResponse[]> SendActivitiesAsync(ITurnContext t, Microsoft.Bot.Schema.Activity[] a, CancellationToken c) => throw new NotSupportedException();
        public override Task<Microsoft.Bot.Schema.ResourceResponse> UpdateActivityAsync(ITurnContext t, Microsoft.Bot.Schema.Activity a, CancellationToken c) => throw new NotSupportedException();
        public override Task DeleteActivityAsync(ITurnContext t, Microsoft.Bot.Schema.ConversationReference r, CancellationToken c) => throw new NotSupportedException();
    }
}

public sealed class MemoryBotStateStorageTests : BotStateStorageContract
{
    protected override IStorage CreateStorage() => new MemoryStorage();
}

public sealed class RedisBotStateStorageTests(RedisServer redis) : BotStateStorageContract, IClassFixture<RedisServer>, IDisposable
{
    private readonly RedisConnection _connection = new(redis.ConnectionString, RedisServer.NewPrefix());

    protected override IStorage CreateStorage() => new RedisBotStorage(_connection);

    public void Dispose() => _connection.Dispose();
}
