using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>
/// The internal API with Entra ID sign-in (Admin:Authority, Admin:Audience), against the bot process in Production and
/// a local OpenID Connect issuer standing in for Entra ID: its metadata, its keys, tokens it signed.
/// </summary>
public sealed class EntraTokenTests
{
    private const string Audience = "api://supportbot";

    [Fact]
    public async Task A_token_from_the_configured_issuer_for_the_api_opens_it_and_others_do_not()
    {
        using var key = RSA.Create(2048);
        await using var issuer = await IssuerAsync(key);
        var authority = issuer.Urls.First().TrimEnd('/') + "/tenant/v2.0";
        var settings = ProductionSettings.With(new Dictionary<string, string?> { ["Admin:Authority"] = authority, ["Admin:Audience"] = Audience });
        settings.Remove("Admin:Token");
        await using var bot = await BotProcess.StartAsync(settings, environment: "Production");

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(bot, Token(key, authority, Audience))).StatusCode);

        using var otherKey = RSA.Create(2048);
        foreach (var refused in new[] { Token(key, authority, "api://someone-else"), Token(otherKey, authority, Audience), Token(key, "https://evil.example/v2.0", Audience) })
        {
            var response = await GetAsync(bot, refused);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    private static Task<HttpResponseMessage> GetAsync(BotProcess bot, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents");
        request.Headers.Authorization = new("Bearer", token);
        return bot.Http.SendAsync(request);
    }

    private static string Token(RSA key, string issuer, string audience) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "ops-script"), new Claim("roles", "SupportBot.Admin")]),
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = KeyId(key) }, SecurityAlgorithms.RsaSha256),
    });

    private static string KeyId(RSA key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportRSAPublicKey()))[..16];

    /// <summary>Serves /tenant/v2.0/.well-known/openid-configuration and its key set, as Entra ID does.</summary>
    private static async Task<WebApplication> IssuerAsync(RSA key)
    {
        var app = Loopback.StandInApp();
        app.MapGet("/tenant/v2.0/.well-known/openid-configuration", (HttpContext http) =>
        {
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = $"{origin}/tenant/v2.0",
                ["jwks_uri"] = $"{origin}/tenant/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        var parameters = key.ExportParameters(false);
        app.MapGet("/tenant/discovery/v2.0/keys", () => Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId(key), n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent) },
            },
        }));
        await app.StartAsync();
        return app;
    }
}
