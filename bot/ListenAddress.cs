namespace SupportBot;

/// <summary>
/// Where the bot listens when nothing says: port 3978 (the Bot Framework convention the README promises). Anything
/// configured wins — <c>Urls</c>/<c>ASPNETCORE_URLS</c>, <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> (set by the .NET
/// container images). Not written into appsettings.json: a pinned <c>Urls</c> would override HTTP_PORTS and, as
/// localhost, keep a container listening on its own loopback only.
/// </summary>
public static class ListenAddress
{
    public const int DefaultPort = 3978;

    public static void UseDefaultWhenUnset(WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(config["urls"]) || !string.IsNullOrWhiteSpace(config["http_ports"]) ||
            !string.IsNullOrWhiteSpace(config["https_ports"])) return;
        var inContainer = string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase);
        builder.WebHost.UseUrls(inContainer ? $"http://+:{DefaultPort}" : $"http://localhost:{DefaultPort}");
    }
}
