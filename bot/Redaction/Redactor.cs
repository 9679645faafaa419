using Microsoft.Extensions.Options;

namespace SupportBot.Redaction;

/// <summary>
/// What the bot uses: the built-in redactor always, then Azure AI Language PII recognition when it is configured.
/// Azure only ever sees text the built-in rules already cleaned; if it is slow or failing, the built-in result is shown.
/// </summary>
public sealed class Redactor(AzurePiiClient azure, IOptions<RedactionOptions> options, TimeProvider time, ILogger<Redactor> log) : IRedactor
{
    public async Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var cleaned = texts.Select(BuiltInRedactor.Redact).ToList();
        if (!azure.IsConfigured || cleaned.All(string.IsNullOrWhiteSpace)) return cleaned;

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.AzureLanguage.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            return await azure.RedactAsync(cleaned, linked.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Azure AI Language PII recognition failed or timed out; showing the built-in redaction only");
            return cleaned;
        }
    }
}
