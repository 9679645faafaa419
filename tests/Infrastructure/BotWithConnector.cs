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
}
