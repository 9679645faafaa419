using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Channels;

/// <summary>
/// The certificate the bot proves its app registration with: a PKCS#12 or PEM file (MicrosoftAppCertificatePath), or
/// a thumbprint in the CurrentUser or LocalMachine "My" store (MicrosoftAppCertificateThumbprint).
/// </summary>
public static class BotCertificate
{
    /// <summary>The certificate with its private key, or why it cannot sign in (missing, unreadable, no key, expired).</summary>
    public static (X509Certificate2? Certificate, string? Problem) Load(ChatAccessOptions options, DateTimeOffset now)
    {
        X509Certificate2? certificate;
        var source = string.IsNullOrWhiteSpace(options.CertificatePath)
            ? $"MicrosoftAppCertificateThumbprint {options.CertificateThumbprint}"
            : $"MicrosoftAppCertificatePath '{options.CertificatePath}'";
        try
        {
            certificate = string.IsNullOrWhiteSpace(options.CertificatePath)
                ? FromStore(options.CertificateThumbprint)
                : FromFile(options.CertificatePath, options.CertificatePassword);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{source}: the certificate could not be read ({e.Message.TrimEnd('.')}); " +
                          "expected a .pfx/.p12 (with MicrosoftAppCertificatePassword if it has one) or a .pem with the certificate and its private key.");
        }
        if (certificate is null)
            return (null, $"{source}: no such certificate in the CurrentUser or LocalMachine 'My' store.");

        string? problem = null;
        if (!certificate.HasPrivateKey) problem = $"{source}: the certificate has no private key, so the bot cannot sign in with it.";
        else if (certificate.NotAfter < now) problem = $"{source}: the certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.";
        else if (certificate.NotBefore > now) problem = $"{source}: the certificate is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.";
        if (problem is null) return (certificate, null);
        certificate.Dispose();
        return (null, problem);
    }

    private static X509Certificate2 FromFile(string path, string password)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".pem" or ".crt" or ".cer")
        {
            if (!File.ReadAllText(path).Contains("PRIVATE KEY", StringComparison.Ordinal)) return X509CertificateLoader.LoadCertificateFromFile(path);
            return string.IsNullOrEmpty(password) ? X509Certificate2.CreateFromPemFile(path) : X509Certificate2.CreateFromEncryptedPemFile(path, password);
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password, X509KeyStorageFlags.DefaultKeySet);
    }

    private static X509Certificate2? FromStore(string thumbprint)
    {
        var wanted = new string(thumbprint.Where(char.IsAsciiHexDigit).ToArray());
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try { store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly); }
            catch (CryptographicException) { continue; }   // no such store on this machine
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
            if (found.Count > 0) return found[0];
        }
        return null;
    }
}
