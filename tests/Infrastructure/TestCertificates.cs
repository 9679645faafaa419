using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Tests.Infrastructure;

/// <summary>Self-signed certificates made on the spot, as an app registration's or a stand-in server's.</summary>
public static class TestCertificates
{
    /// <summary>An RSA certificate with its private key, valid from <paramref name="notBefore"/> (default: a minute ago) for a day.</summary>
    public static X509Certificate2 SelfSigned(string subject, DateTimeOffset? notBefore = null, bool forLoopbackTls = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (forLoopbackTls)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        }
        var from = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return request.CreateSelfSigned(from, from.AddDays(1));
    }

    /// <summary>Writes the certificate with its key as a password-protected .pfx; returns the path.</summary>
    public static string WritePfx(X509Certificate2 certificate, string directory, string password)
    {
        var path = Path.Combine(directory, "bot.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Writes the certificate, and its private key unless <paramref name="withKey"/> is false, as one PEM file.</summary>
    public static string WritePem(X509Certificate2 certificate, string directory, bool withKey = true)
    {
        var path = Path.Combine(directory, withKey ? "bot.pem" : "bot-public.pem");
        var pem = certificate.ExportCertificatePem() + "\n";
        if (withKey) pem += certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n";
        File.WriteAllText(path, pem);
        return path;
    }
}
