namespace SupportBot.Tests.Infrastructure;

/// <summary>The least a bot needs to start outside Development: a secret for every door.</summary>
public static class ProductionSettings
{
    public const string AdminToken = "admin-token-for-the-internal-api";
    public const string WebhookToken = "webhook-token-for-every-source";

    public static Dictionary<string, string?> With(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:Auth:Scheme"] = "Bearer",
            ["Webhooks:Auth:Token"] = WebhookToken,
            ["Admin:Token"] = AdminToken,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }
}
