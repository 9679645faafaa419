namespace SupportBot.Tests.Infrastructure;

/// <summary>The least a bot needs to start outside Development: a secret for every door.</summary>
public static class ProductionSettings
{
    public const string AdminToken = "admin-token-for-the-internal-api";
    public const string WebhookToken = "webhook-token-for-every-source";
    public const string BotAppId = "5f0c6a3e-0b1d-4c59-9a37-2f6f2b3c4d5e";

    public static Dictionary<string, string?> With(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Auth:Scheme"] = "Bearer",
            ["Webhooks:Auth:Token"] = WebhookToken,
            ["Admin:Token"] = AdminToken,
            // The Azure Bot registration; nothing here can mint its tokens, so chat in Production answers 401.
            ["MicrosoftAppId"] = BotAppId,
            ["MicrosoftAppPassword"] = "bot-client-secret",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }
}
