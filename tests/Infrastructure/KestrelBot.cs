using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The real bot on real Kestrel at a free loopback port, for peers outside the test process (Prometheus, scripts).</summary>
public static class KestrelBot
{
    public static (BotApp App, Uri Address) Start(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = new BotApp(settings, services);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
