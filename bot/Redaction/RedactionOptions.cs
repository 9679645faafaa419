namespace SupportBot.Redaction;

/// <summary>The "Redaction" section. With an Azure AI Language endpoint and key, its PII recognition runs after the built-in redactor.</summary>
public sealed class RedactionOptions
{
    public const string Section = "Redaction";

    public AzureLanguageOptions AzureLanguage { get; set; } = new();
}

public sealed class AzureLanguageOptions
{
    /// <summary>e.g. https://my-language.cognitiveservices.azure.com; empty turns the Azure step off.</summary>
    public string Endpoint { get; set; } = "";
    public string Key { get; set; } = "";
    public string ApiVersion { get; set; } = "2023-04-01";
    public string Language { get; set; } = "en";
    /// <summary>After this the bot shows the built-in redaction only; a rep waiting in chat matters more.</summary>
    public double TimeoutSeconds { get; set; } = 3;
    /// <summary>How long Azure's answer for a text is kept (Azure bills per text record; log lines repeat).</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromHours(24);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Key);
}
