using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace SupportBot.Redaction;

/// <summary>
/// Azure AI Language PII recognition over its REST API (<c>POST {endpoint}/language/:analyze-text</c>, kind
/// PiiEntityRecognition); the service answers each document with its <c>redactedText</c>. The SDK is not used on
/// purpose: it cannot be restored here, and the REST contract is small.
/// </summary>
public sealed class AzurePiiClient(HttpClient http, IOptions<RedactionOptions> options)
{
    /// <summary>The service takes at most 5 documents of 5,120 characters per synchronous request.</summary>
    public const int MaxDocuments = 5;
    public const int MaxDocumentChars = 5000;

    private AzureLanguageOptions Options => options.Value.AzureLanguage;

    /// <summary>The redacted text of each input, in order. Throws on any failure; the caller falls back.</summary>
    public async Task<IReadOnlyList<string>> RedactAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var results = new List<string>(texts.Count);
        foreach (var batch in texts.Chunk(MaxDocuments))
            results.AddRange(await RedactBatchAsync(batch, ct));
        return results;
    }

    private async Task<IReadOnlyList<string>> RedactBatchAsync(string[] texts, CancellationToken ct)
    {
        var documents = new JsonArray();
        for (var i = 0; i < texts.Length; i++)
        {
            // Longer texts are not sent whole: the built-in redaction already ran over them.
            var text = texts[i].Length <= MaxDocumentChars ? texts[i] : texts[i][..MaxDocumentChars];
            documents.Add(new JsonObject { ["id"] = i.ToString(), ["language"] = Options.Language, ["text"] = text });
        }
        var body = new JsonObject
        {
            ["kind"] = "PiiEntityRecognition",
            ["parameters"] = new JsonObject { ["modelVersion"] = "latest" },
            ["analysisInput"] = new JsonObject { ["documents"] = documents },
        };

        var url = $"{Options.Endpoint.TrimEnd('/')}/language/:analyze-text?api-version={Uri.EscapeDataString(Options.ApiVersion)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Ocp-Apim-Subscription-Key", Options.Key);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();

        var json = await response.Content.ReadFromJsonAsync<JsonObject>(ct)
                   ?? throw new InvalidDataException("Azure AI Language answered with an empty body.");
        var redacted = new string?[texts.Length];
        foreach (var doc in json["results"]?["documents"]?.AsArray() ?? [])
        {
            if (int.TryParse(doc?["id"]?.GetValue<string>(), out var id) && id >= 0 && id < texts.Length)
                redacted[id] = doc!["redactedText"]?.GetValue<string>();
        }
        if (redacted.Any(r => r is null))
            throw new InvalidDataException("Azure AI Language did not return every document (errors: " + json["results"]?["errors"]?.ToJsonString() + ").");
        return redacted.Select((r, i) => texts[i].Length <= MaxDocumentChars ? r! : r! + texts[i][MaxDocumentChars..]).ToList();
    }
}
