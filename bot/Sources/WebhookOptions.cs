namespace SupportBot.Sources;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Largest accepted webhook body; larger ones get 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
