using System.Net;
using SupportBot.Conversation;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.EndToEnd;

/// <summary>
/// Huge chat text posted to /api/messages over real HTTP as a channel would. The bot reads only the first few
/// thousand characters, answers what they ask for, shows none of the rest back, and keeps answering. By default an
/// activity over Bot:MaxActivityBytes (512 KiB) is refused with a 413 that says why; with the limit raised, a
/// megabyte of text is still only read up to the bound.
/// </summary>
public sealed class HugeChatTextTests : IAsyncLifetime
{
    private const string Channel = "19:support-general@thread.tacv2";
    private const int OneMegabyte = 1024 * 1024;
    private ConnectorStandIn _connector = null!;
    private const int RaisedLimit = 4 * OneMegabyte;
    private BotApp? _bot;
    private HttpClient? _http;
    private BotClient _chat = null!;

    public async Task InitializeAsync() => _connector = await ConnectorStandIn.StartAsync();

    private async Task StartBotAsync(int? maxActivityBytes = null)
    {
        var settings = new Dictionary<string, string?> { ["Questions:Services:checkout-api:Aliases:0"] = "checkout" };
        if (maxActivityBytes is { } limit) settings["Bot:MaxActivityBytes"] = limit.ToString();
        (_bot, var address) = KestrelBot.Start(settings);
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        _chat = new BotClient(_http, _connector.Url);
        Assert.Equal(HttpStatusCode.Accepted, (await _http.PostAsync("/api/webhooks/alertmanager", Fixtures.Json("alertmanager-firing.json"))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_bot is not null) await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    private static string Megabyte(string start, string filler, int size = OneMegabyte)
    {
        var text = start + string.Concat(Enumerable.Repeat(filler, size / filler.Length + 1));
        Assert.True(text.Length > size);
        return text;
    }

    private async Task<ConnectorCall> SayAsync(string text)
    {
        var before = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await _chat.SayAsync(Channel, text);
        Assert.True(response.IsSuccessStatusCode, $"/api/messages answered {(int)response.StatusCode} to {text.Length:N0} characters");
        return await _connector.WaitForAsync(c => c.ReceivedAt > before && c.ReplyToId is not null, what: "the reply");
    }

    [Fact]
    public async Task A_megabyte_asking_for_an_incident_gets_its_card()
    {
        await StartBotAsync(RaisedLimit);

        var reply = await SayAsync(Megabyte("incident 1 ", "customers keep writing in about this, please have a look "));

        Assert.NotNull(reply.Card);
        Assert.Contains("INC-1", reply.Visible);
        Assert.Contains("Checkout API 5xx rate above 5%", reply.Visible);
    }

    [Fact]
    public async Task A_megabyte_pasted_after_status_is_read_as_a_service_name_cut_short_and_the_known_services_are_named()
    {
        await StartBotAsync(RaisedLimit);

        var reply = await SayAsync(Megabyte("status ", "checkout-api is down again, please check it "));

        Assert.StartsWith("I don't know a service called \"checkout-api checkout-api", reply.Text);
        Assert.EndsWith("…\". Known services: checkout-api.", reply.Text);
        Assert.True(reply.Text.Length < 600, $"the reply repeats the message back: {reply.Text.Length:N0} characters");
    }

    [Fact]
    public async Task A_megabyte_of_nothing_the_bot_knows_gets_a_short_pointer_to_help_and_the_bot_keeps_answering()
    {
        await StartBotAsync(RaisedLimit);
        var reply = await SayAsync(Megabyte("", "zxq wvb plmk "));

        Assert.Contains("Sorry, I didn't understand", reply.Text);
        Assert.Contains("**help**", reply.Text);
        Assert.True(reply.Text.Length < CommandText.MaxChars, $"the reply repeats {reply.Text.Length:N0} characters of the message");

        var next = await SayAsync("status");
        Assert.Contains("1 open incident", next.Visible);
    }

    [Fact]
    public async Task With_the_default_limit_a_megabyte_is_refused_with_a_reason_and_text_just_under_it_is_answered()
    {
        await StartBotAsync();

        var refused = await _chat.SayAsync(Channel, Megabyte("status ", "checkout-api is down again, please check it "));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Activities are limited to 524288 bytes", await refused.Content.ReadAsStringAsync());

        var reply = await SayAsync(Megabyte("incident 1 ", "customers keep writing in about this, please have a look ", size: 400 * 1024));
        Assert.Contains("Checkout API 5xx rate above 5%", reply.Visible);
    }
}
