using System.Net;
using System.Security.Cryptography.X509Certificates;
using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Access;

/// <summary>
/// The bot's own Bot Framework identity, started as it ships in Production: an app id with a certificate (file or
/// certificate store) or a managed identity instead of a client secret; an app id with no usable credential is
/// refused at start with the settings to fix.
/// </summary>
public sealed class BotCredentialTests
{
    [Theory]
    [InlineData("pfx")]
    [InlineData("pem")]
    public async Task Production_starts_with_a_certificate_file_instead_of_a_secret(string format)
    {
        using var certificate = TestCertificates.SelfSigned("SupportBot bot credential");
        var directory = Directory.CreateTempSubdirectory("supportbot-cert-").FullName;
        var settings = WithoutSecret(format == "pfx"
            ? new() { ["MicrosoftAppCertificatePath"] = TestCertificates.WritePfx(certificate, directory, "pfx-password"), ["MicrosoftAppCertificatePassword"] = "pfx-password" }
            : new() { ["MicrosoftAppCertificatePath"] = TestCertificates.WritePem(certificate, directory) });

        await using var bot = await BotProcess.StartAsync(settings, environment: "Production");

        var line = await bot.WaitForLogAsync("Bot Framework identity");
        Assert.Contains(ProductionSettings.BotAppId, line);
        Assert.Contains($"a certificate CN=SupportBot bot credential (thumbprint {certificate.Thumbprint}", line);
        // The door is still shut: an activity without a token is refused.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostActivityAsync(bot)).StatusCode);
    }

    [Fact]
    public async Task Production_starts_with_a_certificate_from_the_store_by_thumbprint()
    {
        using var created = TestCertificates.SelfSigned("SupportBot store credential");
        using var stored = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.Exportable);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(stored);
        try
        {
            await using var bot = await BotProcess.StartAsync(WithoutSecret(new() { ["MicrosoftAppCertificateThumbprint"] = stored.Thumbprint.ToLowerInvariant() }), environment: "Production");

            Assert.Contains($"(thumbprint {stored.Thumbprint}", await bot.WaitForLogAsync("Bot Framework identity"));
        }
        finally
        {
            store.Remove(stored);
        }
    }

    [Fact]
    public async Task Production_starts_with_a_user_assigned_managed_identity()
    {
        await using var bot = await BotProcess.StartAsync(WithoutSecret(new()
        {
            ["MicrosoftAppType"] = "UserAssignedMSI",
            ["MicrosoftAppTenantId"] = "8d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6",
        }), environment: "Production");

        Assert.Contains("with a managed identity in tenant 8d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6", await bot.WaitForLogAsync("Bot Framework identity"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostActivityAsync(bot)).StatusCode);
    }

    [Theory]
    [InlineData("none", "MicrosoftAppId is set but has no credential")]
    [InlineData("public-only", "the certificate has no private key")]
    [InlineData("expired", "the certificate expired on")]
    [InlineData("missing-file", "the certificate could not be read")]
    [InlineData("msi-without-tenant", "UserAssignedMSI needs MicrosoftAppTenantId")]
    public async Task Production_refuses_an_app_id_without_a_usable_credential(string case_, string reason)
    {
        var directory = Directory.CreateTempSubdirectory("supportbot-cert-").FullName;
        using var valid = TestCertificates.SelfSigned("SupportBot public only");
        using var expired = TestCertificates.SelfSigned("SupportBot expired", notBefore: DateTimeOffset.UtcNow.AddDays(-3));
        var settings = WithoutSecret(case_ switch
        {
            "none" => new(),
            "public-only" => new() { ["MicrosoftAppCertificatePath"] = TestCertificates.WritePem(valid, directory, withKey: false) },
            "expired" => new() { ["MicrosoftAppCertificatePath"] = TestCertificates.WritePem(expired, directory) },
            "missing-file" => new() { ["MicrosoftAppCertificatePath"] = Path.Combine(directory, "nowhere.pfx") },
            _ => new() { ["MicrosoftAppType"] = "UserAssignedMSI" },
        });

        var (exitCode, log) = await BotProcess.StartExpectingRefusalAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(reason, log);
        Assert.DoesNotContain("ArgumentException", log);   // our message, not the SDK's exception
    }

    private static Dictionary<string, string?> WithoutSecret(Dictionary<string, string?> credential)
    {
        var settings = ProductionSettings.With(credential);
        settings.Remove("MicrosoftAppPassword");
        return settings;
    }

    private static Task<HttpResponseMessage> PostActivityAsync(BotProcess bot) =>
        bot.PostActivityAsync("""{"type":"message","channelId":"msteams","serviceUrl":"https://smba.trafficmanager.net/amer/","conversation":{"id":"19:a@thread.tacv2"},"text":"status"}""");
}
