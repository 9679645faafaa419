using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Caching;
using SupportBot.Telemetry;
using Moq;
using Moq.Protected;
using SupportBot.Redaction;

namespace SupportBot.Tests.Redaction;

/// <summary>The Azure AI Language step, against a mocked HttpMessageHandler: Azure cannot run here.</summary>
public sealed class AzurePiiRedactionTests : IDisposable
{
    private const string Endpoint = "https://my-language.cognitiveservices.azure.com";
    private readonly Mock<HttpMessageHandler> _handler = new(MockBehavior.Strict);
    private readonly List<(HttpRequestMessage Request, string Body)> _requests = [];

    private ServiceProvider? _services;

    /// <summary>The redactor as the bot composes it (typed client, resilience, cache, metrics), on the mocked handler.</summary>
    private IRedactor Redactor(string endpoint = Endpoint, string key = "azure-key-1", double timeoutSeconds = 5)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Redaction:AzureLanguage:Endpoint"] = endpoint,
            ["Redaction:AzureLanguage:Key"] = key,
            ["Redaction:AzureLanguage:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System)
            .AddTelemetry(configuration).AddCaching(configuration).AddRedaction(configuration);
        services.AddHttpClient<AzurePiiClient>().ConfigurePrimaryHttpMessageHandler(() => _handler.Object);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IRedactor>();
    }

    public void Dispose() => _services?.Dispose();

    private void Answer(Func<JsonObject, CancellationToken, Task<HttpResponseMessage>> respond) =>
        _handler.Protected()
            .Setup<Task<HttpResponseMessage>>("SendAsync", ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>())
            .Returns(async (HttpRequestMessage request, CancellationToken ct) =>
            {
                var body = await request.Content!.ReadAsStringAsync(ct);
                _requests.Add((request, body));
                return await respond(JsonNode.Parse(body)!.AsObject(), ct);
            });

    private static HttpResponseMessage RedactedAnswer(JsonObject request, Func<string, string> redact)
    {
        var documents = request["analysisInput"]!["documents"]!.AsArray().Select(d => (JsonNode)new JsonObject
        {
            ["id"] = d!["id"]!.GetValue<string>(),
            ["redactedText"] = redact(d["text"]!.GetValue<string>()),
            ["entities"] = new JsonArray(),
            ["warnings"] = new JsonArray(),
        }).ToArray();
        var json = new JsonObject
        {
            ["kind"] = "PiiEntityRecognitionResults",
            ["results"] = new JsonObject { ["documents"] = new JsonArray(documents), ["errors"] = new JsonArray(), ["modelVersion"] = "2023-09-01" },
        };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    [Fact]
    public async Task Azure_gets_the_built_in_result_and_its_redaction_of_names_is_shown()
    {
        Answer((request, _) => Task.FromResult(RedactedAnswer(request, text => text.Replace("Jane Doe", "********"))));

        var result = await Redactor().RedactAsync(["Refund for Jane Doe (jane@example.com) failed", "second line"], CancellationToken.None);

        Assert.Equal(["Refund for ******** ([email]) failed", "second line"], result);
        var (request, body) = Assert.Single(_requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"{Endpoint}/language/:analyze-text?api-version=2023-04-01", request.RequestUri!.ToString());
        Assert.Equal("azure-key-1", Assert.Single(request.Headers.GetValues("Ocp-Apim-Subscription-Key")));
        Assert.Contains("\"kind\":\"PiiEntityRecognition\"", body);
        Assert.DoesNotContain("jane@example.com", body); // Azure never sees what the built-in rules already removed
    }

    [Fact]
    public async Task Many_texts_go_in_batches_of_five_documents()
    {
        Answer((request, _) => Task.FromResult(RedactedAnswer(request, text => text.ToUpperInvariant())));

        var texts = Enumerable.Range(1, 12).Select(i => $"line {i}").ToList();
        var result = await Redactor().RedactAsync(texts, CancellationToken.None);

        Assert.Equal(texts.Select(t => t.ToUpperInvariant()), result);
        Assert.Equal(3, _requests.Count);
        Assert.All(_requests, r => Assert.True(JsonNode.Parse(r.Body)!["analysisInput"]!["documents"]!.AsArray().Count <= 5));
    }

    [Fact]
    public async Task A_slow_Azure_falls_back_to_the_built_in_redaction()
    {
        Answer(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

        var result = await Redactor(timeoutSeconds: 0.2).RedactAsync(["call +49 30 1234567 about Jane Doe"], CancellationToken.None);

        Assert.Equal(["call [phone] about Jane Doe"], result);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_failing_Azure_falls_back_to_the_built_in_redaction(HttpStatusCode status)
    {
        Answer((_, _) => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("{\"error\":{\"code\":\"x\"}}") }));

        var result = await Redactor().RedactAsync(["token=abc123secret for 10.0.0.7"], CancellationToken.None);

        Assert.Equal(["token=[secret] for [ip]"], result);
    }

    [Fact]
    public async Task An_answer_missing_documents_falls_back_to_the_built_in_redaction()
    {
        Answer((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"kind\":\"PiiEntityRecognitionResults\",\"results\":{\"documents\":[],\"errors\":[{\"id\":\"0\"}]}}", Encoding.UTF8, "application/json"),
        }));

        Assert.Equal(["mail [email]"], await Redactor().RedactAsync(["mail a@b.example"], CancellationToken.None));
    }

    [Fact]
    public async Task A_text_Azure_already_redacted_is_taken_from_the_cache_and_not_sent_again()
    {
        Answer((request, _) => Task.FromResult(RedactedAnswer(request, text => text.Replace("Jane Doe", "********"))));
        var redactor = Redactor();

        var first = await redactor.RedactAsync(["Refund for Jane Doe failed", "retry 1"], CancellationToken.None);
        var second = await redactor.RedactAsync(["Refund for Jane Doe failed", "retry 2"], CancellationToken.None);

        Assert.Equal(["Refund for ******** failed", "retry 1"], first);
        Assert.Equal(["Refund for ******** failed", "retry 2"], second);
        Assert.Equal(2, _requests.Count);
        Assert.DoesNotContain("Jane Doe", _requests[1].Body); // only the new line was sent the second time
        var metrics = await Scrape();
        Assert.Equal(1, metrics.Sum("supportbot_cache_requests_total", ("cache", "pii"), ("result", "hit")));
        Assert.Equal(3, metrics.Sum("supportbot_cache_requests_total", ("cache", "pii"), ("result", "miss")));
        Assert.Equal(2, metrics.Sum("supportbot_dependency_calls_total", ("dependency", "azure_language"), ("outcome", "success")));
    }

    private async Task<Infrastructure.MetricsScrape> Scrape()
    {
        using var text = new MemoryStream();
        await _services!.GetRequiredService<SupportBotMetrics>().Registry.CollectAndExportAsTextAsync(text);
        return new Infrastructure.MetricsScrape(System.Text.Encoding.UTF8.GetString(text.ToArray()));
    }

    [Fact]
    public async Task Without_endpoint_and_key_Azure_is_never_called()
    {
        var result = await Redactor(endpoint: "", key: "").RedactAsync(["mail a@b.example"], CancellationToken.None);

        Assert.Equal(["mail [email]"], result);
        _handler.Protected().Verify("SendAsync", Times.Never(), ItExpr.IsAny<HttpRequestMessage>(), ItExpr.IsAny<CancellationToken>());
    }
}
