using System.Buffers.Binary;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using SupportBot.OnCall;
using SupportBot.Tests.Infrastructure;
using SupportBot.Tests.OnCall;

namespace SupportBot.Tests.Manifest;

/// <summary>The Teams app manifest agrees with the bot: its app id setting, its scopes and the commands it really parses.</summary>
public sealed class ManifestTests
{
    private static readonly string Folder = Path.Combine(Fixtures.RepoRoot, "manifest");
    private static readonly JObject Manifest = JObject.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
    private static JObject Bot => (JObject)Manifest["bots"]!.Single();

    private static IEnumerable<JObject> ManifestCommands =>
        Bot["commandLists"]!.SelectMany(l => l["commands"]!).Cast<JObject>();

    public static TheoryData<string, string> Commands()
    {
        var data = new TheoryData<string, string>();
        // The same command appears in the list of each scope; one test case per distinct command is enough.
        foreach (var c in ManifestCommands.DistinctBy(c => (c.Value<string>("title"), c.Value<string>("description"))))
            data.Add(c.Value<string>("title")!, c.Value<string>("description")!);
        return data;
    }

    [Fact]
    public void Manifest_uses_a_current_schema_and_puts_the_bot_in_team_group_chat_and_personal_scopes()
    {
        Assert.Equal("1.19", Manifest.Value<string>("manifestVersion"));
        Assert.Contains("/v1.19/MicrosoftTeams.schema.json", Manifest.Value<string>("$schema"));
        Assert.Equal(["team", "groupChat", "personal"], Bot["scopes"]!.Values<string>());
        var listed = Bot["commandLists"]!.SelectMany(l => l["scopes"]!.Values<string>()).ToList();
        Assert.Equal(["team", "groupChat", "personal"], listed);
    }

    [Fact]
    public void Bot_id_is_the_placeholder_the_pack_script_fills_from_the_bots_MicrosoftAppId()
    {
        Assert.Equal("{{MICROSOFT_APP_ID}}", Bot.Value<string>("botId"));
        var pack = File.ReadAllText(Path.Combine(Folder, "pack.sh"));
        Assert.Contains("s/{{MICROSOFT_APP_ID}}/$MICROSOFT_APP_ID/g", pack);
        Assert.Contains("MicrosoftAppId", pack);
        // The setting the bot authenticates with (ConversationSetup reads configuration["MicrosoftAppId"]).
        Assert.NotNull(JObject.Parse(File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "appsettings.json")))["MicrosoftAppId"]);
        var placeholders = System.Text.RegularExpressions.Regex.Matches(Manifest.ToString(), "{{(\\w+)}}").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(placeholders, p => Assert.Contains($"s/{{{{{p}}}}}/", pack));
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Icons_are_PNGs_of_the_sizes_Teams_requires(string file, int size)
    {
        var png = File.ReadAllBytes(Path.Combine(Folder, file));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.Equal(6, png[25]); // RGBA: the outline icon needs its transparent background
        Assert.Equal(Manifest["icons"]!.Value<string>(file.Replace(".png", "")), file);
    }

    [Fact]
    public void Command_lists_respect_the_Teams_limits_and_hold_every_command_the_parser_knows()
    {
        foreach (var list in Bot["commandLists"]!)
        {
            var commands = list["commands"]!.Cast<JObject>().ToList();
            Assert.InRange(commands.Count, 1, 10);
            Assert.All(commands, c => Assert.InRange(c.Value<string>("title")!.Length, 1, 32));
            Assert.All(commands, c => Assert.InRange(c.Value<string>("description")!.Length, 1, 128));
            foreach (var spec in OnCallCommandParser.Commands)
            {
                var command = commands.SingleOrDefault(c => c.Value<string>("title") == spec.Name);
                Assert.True(command is not null, $"the manifest lacks the {spec.Name} command");
                Assert.Equal(spec.OnCallOnly, command.Value<string>("description")!.Contains("on-call:"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_manifest_command_example_is_understood_by_the_bot(string title, string description)
    {
        var example = description.Split(" — ")[0];
        Assert.StartsWith(title, example);

        var parsed = OnCallCommandParser.Parse(example);
        if (OnCallCommandParser.Commands.Any(c => c.Name == title))
        {
            Assert.Null(parsed.Problem);
            Assert.Equal(title, OnCallCommandParser.Spec(parsed.Command!.Verb).Name);
        }
        else Assert.False(parsed.IsCommand);

        // And the whole bot answers it (as an on-call engineer, so that nothing is refused).
        var harness = new OnCallHarness();
        await harness.Flow().Send(OnCallHarness.Say(example))
            .AssertReply(r =>
            {
                var text = (r as IMessageActivity)?.Text ?? "";
                Assert.DoesNotContain("didn't understand", text);
                Assert.DoesNotContain("I don't know", text);
            })
            .StartTestAsync();
    }
}
