namespace SupportBot.Channels;

/// <summary>
/// Who may chat with the bot: its Bot Framework identity (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType at
/// the configuration root, as in every Bot Framework sample) and the channel service URLs it answers at ("Bot" section).
/// </summary>
public sealed class ChatAccessOptions
{
    public const string Section = "Bot";
    public const string ManagedIdentity = "UserAssignedMSI";

    /// <summary>Service URL patterns the bot talks to; empty: Microsoft's channel hosts (<see cref="ServiceUrlPolicy.MicrosoftServiceUrls"/>).</summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>Largest activity accepted on /api/messages.</summary>
    public int MaxActivityBytes { get; set; } = 512 * 1024;

    public string AppId { get; set; } = "";
    public string AppPassword { get; set; } = "";
    public string AppType { get; set; } = "";

    /// <summary>An app id with a secret, or with a user-assigned managed identity.</summary>
    public bool HasIdentity => !string.IsNullOrWhiteSpace(AppId)
                               && (!string.IsNullOrEmpty(AppPassword) || string.Equals(AppType, ManagedIdentity, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<string> ServiceUrlPatterns => AllowedServiceUrls.Count > 0 ? AllowedServiceUrls : ServiceUrlPolicy.MicrosoftServiceUrls;
}
