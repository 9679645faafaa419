using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Access;

/// <summary>The one answer to a caller of the internal API without a valid credential: 401, a Bearer challenge, a problem body.</summary>
public static class AccessDenial
{
    public static async Task WriteAsync(HttpContext http, bool tokenPresented)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = tokenPresented
            ? "Bearer realm=\"supportbot\", error=\"invalid_token\""
            : "Bearer realm=\"supportbot\"";
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "This endpoint is internal: send Authorization: Bearer with the admin token (Admin:Token) or an accepted Entra ID token.",
            },
        });
    }
}
