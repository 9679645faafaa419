using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.Sources;

/// <summary>POST /api/webhooks/{source}: read, parse, fold into incidents. Bad input is a 4xx problem, never a 5xx.</summary>
public static class WebhookEndpoints
{
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0, "Webhooks:MaxBodyBytes must be positive").ValidateOnStart();
        services.AddSingleton<IAlertSource, Alertmanager.AlertmanagerSource>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/{source}", ReceiveAsync).WithName("Webhook");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        string source, HttpRequest request, IEnumerable<IAlertSource> sources, IncidentEngine engine,
        TimeProvider time, IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var parser = sources.FirstOrDefault(s => string.Equals(s.Name, source, StringComparison.OrdinalIgnoreCase));
        if (parser is null)
            return Problem(StatusCodes.Status404NotFound, "Unknown source",
                $"There is no webhook source named '{source}'. Known sources: {string.Join(", ", sources.Select(s => s.Name))}.");

        var body = await WebhookBody.ReadAsync(request, options.Value.MaxBodyBytes, ct);
        if (body.TooLarge)
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"The body is larger than the limit of {options.Value.MaxBodyBytes} bytes.");
        if (body.Bytes.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, "Empty body", "The webhook body is empty; expected a JSON payload.");

        SourceParseResult result;
        try
        {
            using var document = JsonDocument.Parse(body.Bytes);
            result = parser.Parse(document.RootElement, time.GetUtcNow());
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Body is not valid JSON", e.Message);
        }
        catch (InvalidPayloadException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid payload", e.Message);
        }

        if (result.Alerts.Count == 0)
            return Problem(StatusCodes.Status400BadRequest, "No usable alert",
                "Every alert in the payload was rejected.", result.Rejected);

        var changes = await engine.IngestAsync(result.Alerts, ct);
        return Results.Json(new WebhookReceipt(
            result.Alerts.Count,
            result.Rejected,
            changes.Select(c => c.Current.Id).ToList()), statusCode: StatusCodes.Status202Accepted);
    }

    private static IResult Problem(int status, string title, string detail, IReadOnlyList<RejectedAlert>? rejected = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: rejected is null ? null : new Dictionary<string, object?> { ["rejected"] = rejected });
}

/// <summary>The 202 answer: how many alerts were taken, which were rejected and why, which incidents changed.</summary>
public sealed record WebhookReceipt(int Accepted, IReadOnlyList<RejectedAlert> Rejected, IReadOnlyList<string> ChangedIncidents);
