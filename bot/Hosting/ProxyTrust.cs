using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SupportBot.Hosting;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so per-client limits (the public pages' rate
/// limit) would put all clients in one budget. X-Forwarded-For and X-Forwarded-Proto are believed only from the
/// proxies named in ForwardedHeaders:KnownProxies (addresses) and ForwardedHeaders:KnownNetworks (CIDR ranges);
/// from anyone else they are ignored, so a stranger cannot pick their own address. Nothing is trusted by default
/// (not even loopback, unlike ASP.NET Core's defaults).
/// </summary>
public static class ProxyTrust
{
    public const string Section = "ForwardedHeaders";

    public sealed class Settings
    {
        public List<string> KnownProxies { get; set; } = [];
        public List<string> KnownNetworks { get; set; } = [];
    }

    public static IServiceCollection AddProxyTrust(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Settings>().Bind(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Settings>, Validation>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<Settings>>((o, settings) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = null;   // walk back through every trusted hop; the first untrusted address is the client
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies) if (IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
            foreach (var network in settings.Value.KnownNetworks) if (System.Net.IPNetwork.TryParse(network, out var range)) o.KnownIPNetworks.Add(range);
        });
        return services;
    }

    /// <summary>First in the pipeline, so logging and rate limiting see the client's address.</summary>
    public static IApplicationBuilder UseProxyTrust(this IApplicationBuilder app) => app.UseForwardedHeaders();

    private sealed class Validation : IValidateOptions<Settings>
    {
        public ValidateOptionsResult Validate(string? name, Settings settings)
        {
            var errors = settings.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
                .Select(p => $"{Section}:KnownProxies: '{p}' is not an IP address.")
                .Concat(settings.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                    .Select(n => $"{Section}:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."))
                .ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
