namespace SupportBot;

public static class RootAppSettings
{
    /// <summary>
    /// The repository keeps one appsettings.json at its root; the build copies it next to the bot's binaries.
    /// It is added underneath the usual sources so that appsettings.{Environment}.json, environment variables
    /// and the command line still override it.
    /// </summary>
    public static IConfigurationBuilder AddRootAppSettings(this ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path)) return configuration;
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = path, Optional = true, ReloadOnChange = false,
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory),
        });
        return configuration;
    }
}
