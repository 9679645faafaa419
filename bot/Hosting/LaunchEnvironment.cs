namespace SupportBot.Hosting;

/// <summary>
/// Which environment the bot runs in. The caller decides (ASPNETCORE_ENVIRONMENT, DOTNET_ENVIRONMENT or
/// --environment); only when the caller set none does a launch profile's default apply. A launch profile cannot
/// set ASPNETCORE_ENVIRONMENT itself: `dotnet run` would let it override the caller's choice.
/// </summary>
public static class LaunchEnvironment
{
    /// <summary>What bot/Properties/launchSettings.json sets: the environment to use when the caller chose none.</summary>
    public const string DefaultVariable = "SUPPORTBOT_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        EnvironmentName = CallerChose(args) ? null : NonEmpty(Environment.GetEnvironmentVariable(DefaultVariable)),
    };

    private static bool CallerChose(string[] args) =>
        NonEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")) is not null
        || NonEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")) is not null
        || args.Any(a => a.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
