using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Telemetry;

/// <summary>
/// Outside Development, <c>/metrics</c> on the bot's own port answers only a caller with
/// <c>Authorization: Bearer {Admin:Token}</c> (compared in constant time); no token configured means nobody.
/// </summary>
public sealed class MetricsAccess(IConfiguration configuration, IHostEnvironment environment) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (environment.IsDevelopment() || IsAdmin(context.HttpContext.Request)) return await next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"supportbot\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
            detail: "/metrics needs the admin token (Authorization: Bearer …), or scrape the management port (Metrics:Port).");
    }

    private bool IsAdmin(HttpRequest request)
    {
        var token = configuration["Admin:Token"];
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[7..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
