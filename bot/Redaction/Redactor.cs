using Microsoft.Extensions.Options;
using SupportBot.Caching;
using SupportBot.OutgoingCalls;

namespace SupportBot.Redaction;

/// <summary>
/// What the bot uses: the built-in redactor always, then Azure AI Language PII recognition when it is configured.
/// Azure only ever sees text the built-in rules already cleaned; if it is slow or failing, the built-in result is shown.
/// Azure's answers are cached by a hash of the text, so a line shown again is neither billed nor waited for again.
/// </summary>
public sealed class Redactor(
    TypedClients<AzurePiiClient> clients, AnswerCache cache, IOptions<RedactionOptions> options, TimeProvider time, ILogger<Redactor> log) : IRedactor
{
    private const string CacheName = "pii";

    private AzureLanguageOptions Azure => options.Value.AzureLanguage;

    public async Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var cleaned = texts.Select(BuiltInRedactor.RedactRemembered).ToList();
        if (!Azure.IsConfigured || cleaned.All(string.IsNullOrWhiteSpace)) return cleaned;

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var text in cleaned.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal))
        {
            if (await cache.GetAsync<string>(CacheName, KeyOf(text), ct) is { } redacted) known[text] = redacted;
            else missing.Add(text);
        }
        if (missing.Count > 0) await AskAzureAsync(missing, known, ct);
        return cleaned.Select(t => known.GetValueOrDefault(t, t)).ToList();
    }

    private async Task AskAzureAsync(List<string> texts, Dictionary<string, string> known, CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Azure.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            var redacted = await clients.Create().RedactAsync(texts, linked.Token);
            for (var i = 0; i < texts.Count; i++)
            {
                known[texts[i]] = redacted[i];
                await cache.SetAsync(CacheName, KeyOf(texts[i]), redacted[i], Azure.CacheFor, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Azure AI Language PII recognition failed or timed out; showing the built-in redaction only");
        }
    }

    /// <summary>The same text in the same language and model version gets the same answer.</summary>
    private string KeyOf(string text) => AnswerCache.Hash($"{Azure.ApiVersion}\n{Azure.Language}\n{text}");
}
