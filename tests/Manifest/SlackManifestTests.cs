using System.Text.Json.Nodes;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Manifest;

/// <summary>
/// manifest/slack-app-manifest.json creates the Slack app for the Azure Bot Service Slack channel in one paste: it must
/// be valid, point events and interactivity at the Bot Service, and hold a scope for every event it subscribes to.
/// </summary>
public sealed class SlackManifestTests
{
    private static readonly JsonNode Manifest =
        JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "manifest", "slack-app-manifest.json")))!;

    private static IReadOnlyList<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    [Fact]
    public void It_has_the_keys_Slack_requires_and_a_bot_user()
    {
        Assert.False(string.IsNullOrWhiteSpace(Manifest["display_information"]!["name"]!.GetValue<string>()));
        Assert.True(Manifest["display_information"]!["name"]!.GetValue<string>().Length <= 35);
        Assert.True(Manifest["display_information"]!["description"]!.GetValue<string>().Length <= 140);
        Assert.Equal("SupportBot", Manifest["features"]!["bot_user"]!["display_name"]!.GetValue<string>());
        Assert.True(Manifest["features"]!["app_home"]!["messages_tab_enabled"]!.GetValue<bool>()); // digests come in a DM
    }

    [Fact]
    public void Events_and_interactivity_go_to_the_Azure_Bot_Service_Slack_channel()
    {
        var settings = Manifest["settings"]!;
        Assert.Equal("https://slack.botframework.com/api/Events/YOUR_BOT_HANDLE", settings["event_subscriptions"]!["request_url"]!.GetValue<string>());
        Assert.True(settings["interactivity"]!["is_enabled"]!.GetValue<bool>()); // the card buttons (Acknowledge, Resolve)
        Assert.Equal("https://slack.botframework.com/api/Actions", settings["interactivity"]!["request_url"]!.GetValue<string>());
        Assert.Contains("https://slack.botframework.com", Strings(Manifest["oauth_config"]!["redirect_urls"]));
        Assert.False(settings["socket_mode_enabled"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("message.channels", "channels:history")]
    [InlineData("message.groups", "groups:history")]
    [InlineData("message.im", "im:history")]
    [InlineData("message.mpim", "mpim:history")]
    [InlineData("app_mention", "app_mentions:read")]
    [InlineData("member_joined_channel", "channels:read")]
    public void Each_subscribed_event_has_the_scope_Slack_requires_for_it(string botEvent, string scope)
    {
        Assert.Contains(botEvent, Strings(Manifest["settings"]!["event_subscriptions"]!["bot_events"]));
        Assert.Contains(scope, Strings(Manifest["oauth_config"]!["scopes"]!["bot"]));
    }

    [Fact]
    public void The_bot_can_post_and_tell_on_call_engineers_by_email()
    {
        var scopes = Strings(Manifest["oauth_config"]!["scopes"]!["bot"]);
        Assert.Contains("chat:write", scopes);
        Assert.Contains("users:read.email", scopes); // OnCall:Engineers may list e-mails
        Assert.Equal(scopes.Count, scopes.Distinct().Count());
    }
}
