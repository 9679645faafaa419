using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SupportBot;

/// <summary>
/// The repository keeps one appsettings.json at its root; the build and <c>dotnet publish</c> copy it next to the
/// bot's binaries, so it is found the same way however the bot was started (from the root, from bot/, the published
/// folder from elsewhere, a container). It goes underneath the usual sources so that appsettings.{Environment}.json,
/// environment variables and the command line still override it.
/// </summary>
public static class RootAppSettings
{
    public const string FileName = "appsettings.json";

    /// <summary>Where the shipped settings are expected: beside the binaries.</summary>
    public static string ExpectedPath => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Adds the file; returns false when it is missing (the caller warns once logging is up).</summary>
    public static bool AddRootAppSettings(this ConfigurationManager configuration)
    {
        if (!File.Exists(ExpectedPath)) return false;
        // The provider is rooted at the binaries and the path is relative to it: an absolute path would be
        // looked up underneath the root (a doubled path) and, being optional, silently give nothing.
        configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = FileName, Optional = false, ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        return true;
    }

    public static void WarnIfMissing(bool found, ILogger logger)
    {
        if (!found)
            logger.LogWarning("The shipped settings file {Path} is missing: running on built-in defaults only " +
                              "(no status page services, question aliases or log selectors).", ExpectedPath);
    }
}
