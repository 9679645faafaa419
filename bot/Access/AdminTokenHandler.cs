using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SupportBot.Access;

/// <summary><c>Authorization: Bearer {Admin:Token}</c>, compared in constant time.</summary>
public sealed class AdminTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptions<AdminOptions> admin)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "AdminToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryBearer(Request, out var presented)) return Task.FromResult(AuthenticateResult.NoResult());
        var expected = admin.Value.Token;
        if (string.IsNullOrEmpty(expected) || !ConstantTime.SameText(presented, expected))
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not the admin token."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AccessDenial.WriteAsync(Context, tokenPresented: TryBearer(Request, out _));

    public static bool TryBearer(HttpRequest request, out string token)
    {
        token = "";
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)) return false;
        if (!string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(header.Parameter)) return false;
        token = header.Parameter;
        return true;
    }
}
