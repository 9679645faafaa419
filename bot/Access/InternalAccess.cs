using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace SupportBot.Access;

/// <summary>
/// Who may call the internal endpoints: a caller with the admin token or, when configured, an Entra ID token.
/// Only in Development with neither configured are they open (for the Emulator and the try-out page).
/// </summary>
public static class InternalAccess
{
    public const string Policy = "internal";
    private const string Scheme = "Internal";
    private const string EntraScheme = JwtBearerDefaults.AuthenticationScheme;

    public static IServiceCollection AddInternalAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidation>();

        var settings = configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
        var authentication = services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Admin token or Entra ID", o => o.ForwardDefaultSelector = http =>
                settings.HasJwt && AdminTokenHandler.TryBearer(http.Request, out var token) && LooksLikeJwt(token) ? EntraScheme : AdminTokenHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AdminTokenHandler>(AdminTokenHandler.SchemeName, null);
        if (settings.HasJwt)
            authentication.AddJwtBearer(EntraScheme, o =>
            {
                o.Authority = settings.Authority;
                o.Audience = settings.Audience;
                o.MapInboundClaims = false;
                // Metadata over plain HTTP only from this machine (a local identity provider in tests).
                o.RequireHttpsMetadata = !new Uri(settings.Authority).IsLoopback;
                o.Events = new JwtBearerEvents
                {
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await AccessDenial.WriteAsync(context.HttpContext, tokenPresented: true);
                    },
                };
            });

        services.AddAuthorization(o => o.AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true || IsOpen(context.Resource))));
        return services;
    }

    /// <summary>Puts the endpoints under the internal-access policy.</summary>
    public static TBuilder RequireInternalAccess<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.RequireAuthorization(Policy);

    /// <summary>True when the caller proved a credential (as opposed to reaching an open Development endpoint).</summary>
    public static bool HasCredential(HttpContext http) => http.User.Identity?.IsAuthenticated == true;

    private static bool IsOpen(object? resource) =>
        resource is HttpContext http
        && http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment()
        && !http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.HasCredential;

    private static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
