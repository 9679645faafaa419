namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A fresh bot (test server, real CloudAdapter) and a fresh Bot Connector stand-in for each test, with a client
/// that talks to the bot as a Teams channel would. Override <see cref="CreateBot"/> for settings of the test's own.
/// </summary>
public abstract class BotWithConnector : IAsyncLifetime
{
    protected const string Channel = "19:support-general@thread.tacv2";

    protected ConnectorStandIn Connector { get; private set; } = null!;
    protected BotApp Bot { get; private set; } = null!;
    protected HttpClient Http { get; private set; } = null!;
    protected BotClient Chat { get; private set; } = null!;

    protected virtual BotApp CreateBot() => new();

    protected virtual string ChannelId => "msteams";

    public virtual async Task InitializeAsync()
    {
        Connector = await ConnectorStandIn.StartAsync();
        Bot = CreateBot();
        Http = Bot.CreateClient();
        Chat = new BotClient(Http, Connector.Url, ChannelId);
    }

    public virtual async Task DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
    }

    /// <summary>Adds the bot to a conversation and waits for its greeting there (it then gets briefings).</summary>
    protected async Task AddBotAndWaitAsync(string conversation)
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        await Chat.AddBotAsync(conversation);
        await Connector.WaitForAsync(c => c.ReceivedAt > since && c.ConversationId == conversation && c.Text.Contains("outage briefing"),
            what: $"the greeting in {conversation}");
    }

    /// <summary>Says something in a channel and returns the bot's answer there.</summary>
    protected async Task<ConnectorCall> AskAsync(string conversation, string text, string userId = "29:rep")
    {
        var since = System.Diagnostics.Stopwatch.GetTimestamp();
        var sent = await Chat.SayAsync(conversation, text, userId: userId);
        Xunit.Assert.True(sent.IsSuccessStatusCode, $"{sent.StatusCode} for \"{text}\"");
        return await Connector.WaitForAsync(c => c.ReceivedAt > since && c.ConversationId == conversation && c.ReplyToId is not null,
            timeout: TimeSpan.FromSeconds(30), what: $"the answer to \"{text}\" in {conversation}");
    }
}
