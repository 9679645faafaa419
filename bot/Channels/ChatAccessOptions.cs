namespace SupportBot.Channels;

/// <summary>
/// Who may chat with the bot: its Bot Framework identity (MicrosoftAppId and its credential, MicrosoftAppType,
/// MicrosoftAppTenantId at the configuration root, as in every Bot Framework sample) and the channel service URLs it
/// answers at ("Bot" section).
/// </summary>
public sealed class ChatAccessOptions
{
    public const string Section = "Bot";
    public const string ManagedIdentity = "UserAssignedMSI";
    public const string SingleTenant = "SingleTenant";
    public const string MultiTenant = "MultiTenant";

    /// <summary>Service URL patterns the bot talks to; empty: Microsoft's channel hosts (<see cref="ServiceUrlPolicy.MicrosoftServiceUrls"/>).</summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>Largest activity accepted on /api/messages.</summary>
    public int MaxActivityBytes { get; set; } = 512 * 1024;

    public string AppId { get; set; } = "";
    public string AppPassword { get; set; } = "";
    public string AppType { get; set; } = "";
    public string AppTenantId { get; set; } = "";

    /// <summary>A PKCS#12 (.pfx/.p12) or PEM file with the app registration's certificate and its private key.</summary>
    public string CertificatePath { get; set; } = "";
    public string CertificatePassword { get; set; } = "";

    /// <summary>The certificate's thumbprint in the CurrentUser or LocalMachine "My" store, instead of a file.</summary>
    public string CertificateThumbprint { get; set; } = "";

    public bool HasAppId => !string.IsNullOrWhiteSpace(AppId);
    public bool HasPassword => !string.IsNullOrEmpty(AppPassword);
    public bool HasCertificate => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CertificateThumbprint);
    public bool IsManagedIdentity => string.Equals(AppType, ManagedIdentity, StringComparison.OrdinalIgnoreCase);

    /// <summary>An app id with a secret, a certificate, or a user-assigned managed identity.</summary>
    public bool HasIdentity => HasAppId && (HasPassword || HasCertificate || IsManagedIdentity);

    public IReadOnlyList<string> ServiceUrlPatterns => AllowedServiceUrls.Count > 0 ? AllowedServiceUrls : ServiceUrlPolicy.MicrosoftServiceUrls;
}
