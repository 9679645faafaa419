using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Peers;

/// <summary>
/// The scripts users install on their monitors, run for real against the bot on Kestrel: the Nagios/Icinga
/// notification command and the Zabbix webhook media type. Each must post exactly the shape the bot reads.
/// </summary>
public sealed class NotificationScriptTests : IAsyncLifetime
{
    private const string NagiosToken = "nagios-token-1b2c";
    private const string ZabbixToken = "zabbix-token-9d8e";
    private readonly string _dir = Directory.CreateTempSubdirectory("supportbot-scripts-").FullName;
    private BotApp _bot = null!;
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        (_bot, _address) = KestrelBot.Start(new Dictionary<string, string?>
        {
            ["Webhooks:Sources:nagios:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:nagios:Auth:Token"] = NagiosToken,
            ["Webhooks:Sources:zabbix:Auth:Scheme"] = "Bearer",
            ["Webhooks:Sources:zabbix:Auth:Token"] = ZabbixToken,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Nagios_notify_script_posts_the_macros_the_bot_reads()
    {
        var script = Path.Combine(Fixtures.RepoRoot, "scripts", "nagios", "supportbot-notify.sh");
        var fixture = JsonNode.Parse(Fixtures.Text("nagios-1-problem.json"))!.AsObject();
        // The command line a Nagios command definition produces: one key=value per macro, as the README shows.
        var macros = fixture.Select(p => $"{p.Key}={p.Value!.GetValue<string>()}").ToList();

        var dryRun = await ExternalProcess.RunAsync("bash", [script, "-n", .. macros], _dir, TimeSpan.FromSeconds(20));
        Assert.Equal(0, dryRun.ExitCode);
        Assert.True(JsonNode.DeepEquals(fixture, JsonNode.Parse(dryRun.Output)), dryRun.Output);

        var refused = await ExternalProcess.RunAsync("bash", [script, "-u", Webhook("nagios"), "-t", "wrong", .. macros], _dir, TimeSpan.FromSeconds(30));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("answered 401", refused.Output);

        await File.WriteAllTextAsync(Path.Combine(_dir, "token"), NagiosToken + "\n");
        var posted = await ExternalProcess.RunAsync("bash", [script, "-u", Webhook("nagios"), "-T", "token", .. macros], _dir, TimeSpan.FromSeconds(30));
        Assert.True(posted.ExitCode == 0, posted.Output);

        var incident = await OnlyIncidentAsync();
        Assert.Equal("HTTPS storefront", incident.GetProperty("service").GetString());
        Assert.Equal("HTTPS storefront on web-lb-2 is CRITICAL", incident.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Zabbix_media_type_posts_the_event_the_bot_reads()
    {
        var script = await File.ReadAllTextAsync(Path.Combine(Fixtures.RepoRoot, "scripts", "zabbix", "supportbot-media-type.js"));
        var fixture = JsonNode.Parse(Fixtures.Text("zabbix-1-problem.json"))!.AsObject();

        // The media type's parameters as Zabbix fills them: {EVENT.TAGSJSON} is text, unresolved macros stay as written.
        var parameters = new JsonObject
        {
            ["supportbot_url"] = Webhook("zabbix"),
            ["supportbot_token"] = ZabbixToken,
        };
        foreach (var (key, value) in fixture)
            parameters[key] = key switch
            {
                "event_tags" => value!.ToJsonString(),
                "event_recovery_id" => "{EVENT.RECOVERY.ID}",
                "event_recovery_date" => "{EVENT.RECOVERY.DATE}",
                "event_recovery_time" => "{EVENT.RECOVERY.TIME}",
                _ => value!.DeepClone(),
            };

        var sentFile = Path.Combine(_dir, "sent.json");
        await File.WriteAllTextAsync(Path.Combine(_dir, "host.js"), ZabbixHost(script, sentFile));
        await File.WriteAllTextAsync(Path.Combine(_dir, "params.json"), parameters.ToJsonString());
        var run = await ExternalProcess.RunAsync("node", ["host.js", "params.json"], _dir, TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("result: OK", run.Output);

        Assert.True(JsonNode.DeepEquals(fixture, JsonNode.Parse(await File.ReadAllTextAsync(sentFile))), await File.ReadAllTextAsync(sentFile));
        var incident = await OnlyIncidentAsync();
        Assert.Equal("order-queue", incident.GetProperty("service").GetString());
        Assert.Equal("major", incident.GetProperty("severity").GetString());
    }

    private string Webhook(string source) => new Uri(_address, $"api/webhooks/{source}").ToString();

    private async Task<JsonElement> OnlyIncidentAsync()
    {
        using var http = new HttpClient { BaseAddress = _address };
        var incidents = await http.GetFromJsonAsync<JsonElement>("/api/incidents");
        return Assert.Single(incidents.GetProperty("incidents").EnumerateArray().ToList());
    }

    /// <summary>
    /// Stands in for Zabbix's script runner: the same globals (value, HttpRequest with synchronous post, Zabbix.log),
    /// with the HTTP done by curl so that post() blocks as it does in Zabbix.
    /// </summary>
    private static string ZabbixHost(string mediaTypeScript, string sentFile) => $$"""
        const fs = require('fs');
        const { spawnSync } = require('child_process');
        class HttpRequest {
          constructor() { this.headers = []; this.status = 0; }
          addHeader(header) { this.headers.push(header); }
          post(url, body) {
            fs.writeFileSync({{JsonSerializer.Serialize(sentFile)}}, body);
            const args = ['-s', '-X', 'POST', '--data-binary', '@-', '-w', '\n%{http_code}', url];
            this.headers.forEach(h => args.push('-H', h));
            const run = spawnSync('curl', args, { input: body });
            const out = run.stdout.toString();
            const cut = out.lastIndexOf('\n');
            this.status = parseInt(out.slice(cut + 1), 10);
            return out.slice(0, cut);
          }
          getStatus() { return this.status; }
        }
        const Zabbix = { log: (level, message) => console.error(`log(${level}): ${message}`) };
        const value = fs.readFileSync(process.argv[2], 'utf8');
        const mediaType = new Function('value', 'HttpRequest', 'Zabbix', {{JsonSerializer.Serialize(mediaTypeScript)}});
        console.log('result: ' + mediaType(value, HttpRequest, Zabbix));
        """;
}
