using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// A local stand-in for the Bot Framework's sign-in metadata (login.botframework.com/v1/.well-known/openidconfiguration
/// and the signing keys it points to) over HTTPS on Kestrel, as the Bot Framework SDK only fetches it over HTTPS. Its
/// certificate is self-signed for 127.0.0.1: a bot process trusts it through SSL_CERT_FILE (<see cref="TrustSettings"/>).
/// It can sign tokens with its key, or forge ones that claim its key id.
/// </summary>
public sealed class SignInMetadataStandIn : IAsyncDisposable
{
    public const string KeyId = "stand-in-signing-key";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _tls;
    private readonly RSA _signingKey = RSA.Create(2048);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly string _certificateFile;

    private SignInMetadataStandIn(WebApplication app, X509Certificate2 tls, string certificateFile)
    {
        _app = app;
        _tls = tls;
        _certificateFile = certificateFile;
    }

    public string MetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    /// <summary>The paths fetched so far.</summary>
    public IReadOnlyList<string> Requests => _requests.ToList();

    private string BaseUrl => _app.Urls.First().TrimEnd('/');

    /// <summary>A bot process's settings that point it at this stand-in and make it trust the stand-in's certificate.</summary>
    public Dictionary<string, string?> TrustSettings() => new()
    {
        ["ToBotFromChannelOpenIdMetadataUrl"] = MetadataUrl,
        ["SSL_CERT_FILE"] = _certificateFile,
    };

    public static async Task<SignInMetadataStandIn> StartAsync()
    {
        var tls = TestCertificates.SelfSigned("SupportBot sign-in metadata stand-in", forLoopbackTls: true);
        var certificateFile = Path.Combine(Directory.CreateTempSubdirectory("supportbot-metadata-").FullName, "trusted.pem");
        await File.WriteAllTextAsync(certificateFile, tls.ExportCertificatePem() + "\n");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        var app = builder.Build();
        SignInMetadataStandIn? self = null;
        app.Use(async (http, next) => { self!._requests.Enqueue(http.Request.Path); await next(http); });
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = "https://api.botframework.com",
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = $"{self!.BaseUrl}/v1/.well-known/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            var key = self!._signingKey.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", kid = KeyId, n = Base64Url(key.Modulus!), e = Base64Url(key.Exponent!), endorsements = new[] { "msteams" } } } });
        });
        await app.StartAsync();
        self = new SignInMetadataStandIn(app, tls, certificateFile);
        return self;
    }

    /// <summary>A token for <paramref name="appId"/> that claims this stand-in's key but is signed with another one.</summary>
    public static string ForgedToken(string appId, string serviceUrl)
    {
        using var stranger = RSA.Create(2048);
        return Sign(stranger, appId, serviceUrl);
    }

    private static string Sign(RSA key, string appId, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", kid = KeyId, typ = "JWT" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { iss = "https://api.botframework.com", aud = appId, serviceurl = serviceUrl, nbf = now - 60, exp = now + 3600 }));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _tls.Dispose();
        _signingKey.Dispose();
    }
}
