using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The real bot (Program.cs, real CloudAdapter) in a test server, with settings a test may override.</summary>
public sealed class BotApp(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string environment = "Development")
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        // Settings read while Program.cs composes its services (which store to use) must be there before the
        // app configuration above is applied: host settings are.
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureServices(services);
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Serves the bot on real Kestrel on a free loopback port (for a real browser); returns its base URL.</summary>
    public string StartOnLoopback()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return addresses.First().TrimEnd('/');
    }
}

public static class ServiceCollectionTestExtensions
{
    public static IServiceCollection Replace<T>(this IServiceCollection services, T instance) where T : class
    {
        services.RemoveAll<T>();
        services.AddSingleton(instance);
        return services;
    }
}
