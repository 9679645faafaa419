using SupportBot.Channels;

namespace SupportBot.Tests.Access;

public sealed class ServiceUrlPolicyTests
{
    private static readonly ServiceUrlPolicy Microsoft = new(ServiceUrlPolicy.MicrosoftServiceUrls, allowLoopback: false);

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea")]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/teams")]
    [InlineData("https://slack.botframework.com/")]
    [InlineData("https://webchat.botframework.com/")]
    public void Microsofts_channel_hosts_are_allowed(string url) => Assert.True(Microsoft.Allows(url));

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://evilbotframework.com/")]
    [InlineData("https://botframework.com.evil.example/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net:8443/amer/")]
    [InlineData("https://user:pw@smba.trafficmanager.net/amer/")]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused(string? url) => Assert.False(Microsoft.Allows(url));

    [Fact]
    public void Loopback_only_when_allowed_and_paths_are_prefixes()
    {
        var development = new ServiceUrlPolicy(["https://connector.example.com/tenant-a/"], allowLoopback: true);
        Assert.True(development.Allows("http://127.0.0.1:5000/"));
        Assert.True(development.Allows("http://localhost:3979/"));
        Assert.True(development.Allows("https://connector.example.com/tenant-a/v3"));
        Assert.False(development.Allows("https://connector.example.com/tenant-b/"));
        Assert.False(development.Allows("https://connector.example.com/tenant-abc/"));
        Assert.NotNull(ServiceUrlPolicy.Problem("smba.trafficmanager.net"));
        Assert.Null(ServiceUrlPolicy.Problem("https://*.botframework.com/"));
    }
}
