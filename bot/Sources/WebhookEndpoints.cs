using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Alerts;
using SupportBot.Incidents;
using SupportBot.Sources.Auth;

namespace SupportBot.Sources;

/// <summary>POST /api/webhooks/{source}: check, authenticate, parse, fold into incidents. Bad input is a 4xx problem, never a 5xx.</summary>
public static class WebhookEndpoints
{
    /// <param name="answered">Told each answer with the source as sent (the bot counts them by source and outcome).</param>
    /// <param name="failed">Told when the handler throws (the exception handler then answers).</param>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app, Action<string, IResult> answered, Action<string> failed)
    {
        // Every service the handler uses is a singleton: taken from the root provider once, so that a webhook does not
        // make (and dispose) a request's DI scope just to look them up again.
        var root = app.ServiceProvider;
        var services = new Lazy<Services>(() => new Services(
            root.GetRequiredService<SourceCatalog>(), root.GetRequiredService<IncidentEngine>(), root.GetRequiredService<IReplayGuard>(),
            root.GetRequiredService<RepeatedWebhooks>(), root.GetRequiredService<TimeProvider>(),
            root.GetRequiredService<IOptions<WebhookOptions>>(), root.GetRequiredService<ILoggerFactory>(), answered, failed));
        // A plain request delegate: a route handler with parameters and a filter would bind, box and wrap every webhook.
        app.MapPost("/api/webhooks/{source}", context => HandleAsync(context, services.Value))
            .WithName("Webhook").WithMetadata(WebhookPipeline.ShortPipeline.Instance);
        return app;
    }

    private sealed record Services(SourceCatalog Sources, IncidentEngine Engine, IReplayGuard Replays, RepeatedWebhooks Repeats,
        TimeProvider Time, IOptions<WebhookOptions> Options, ILoggerFactory Loggers, Action<string, IResult> Answered, Action<string> Failed);

    /// <summary>Answers the webhook, after telling the observers what the answer is.</summary>
    private static async Task HandleAsync(HttpContext context, Services services)
    {
        var source = context.Request.RouteValues["source"] as string ?? "";
        IResult result;
        try
        {
            result = await ReceiveAsync(source, context.Request, services, context.RequestAborted);
        }
        catch
        {
            services.Failed(source);
            throw;
        }
        services.Answered(source, result);
        await result.ExecuteAsync(context);
    }

    private static async Task<IResult> ReceiveAsync(string source, HttpRequest request, Services services, CancellationToken ct)
    {
        var (sources, engine, replays, repeats, time, options, loggers, _, _) = services;
        var webhooks = options.Value;
        var parser = sources.Find(source);
        if (parser is null)
            return Problem(StatusCodes.Status404NotFound, "Unknown source",
                $"There is no webhook source named '{SourceConventions.Clip(source)}'. Known sources: {string.Join(", ", sources.Names)}.");

        // Credentials first: a stranger gets 401 before the bot reads a byte of the body.
        var now = time.GetUtcNow();
        var auth = webhooks.AuthFor(parser.Name);
        if (!WebhookAuthenticator.HeadersPass(auth, request, now)) return Unauthorized(request, auth);

        if (!IsJson(request.ContentType))
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"The body must be JSON (Content-Type: application/json), not '{SourceConventions.Clip(request.ContentType ?? "none")}'.");

        var body = await WebhookBody.ReadAsync(request, webhooks.MaxBodyBytes, ct);
        if (body.TooLarge)
        {
            loggers.CreateLogger(typeof(WebhookEndpoints)).LogWarning(
                "Refused a webhook from source {Source} ({Remote}): {Size} bytes{Chunked} is over Webhooks:MaxBodyBytes ({Limit} bytes). " +
                "The sender will not retry a 413: raise the limit or send smaller batches (Alertmanager: max_alerts).",
                parser.Name, request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown address", body.Size,
                request.ContentLength is null ? " or more" : "", webhooks.MaxBodyBytes);
            return Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large",
                $"The body is larger than the limit of {webhooks.MaxBodyBytes} bytes.");
        }

        if (!WebhookAuthenticator.BodyPasses(auth, request, body.Bytes, now, out var signature)) return Unauthorized(request, auth);
        var replayKey = signature is null ? null : $"{parser.Name}:{signature}";
        if (replayKey is not null && !await replays.FirstUseAsync(replayKey, WebhookAuthenticator.ReplayMemory(auth!), ct))
            return Unauthorized(request, auth);

        if (body.Bytes.Length == 0)
            return Problem(StatusCodes.Status400BadRequest, "Empty body", "The webhook body is empty; expected a JSON payload.");
        if (!repeats.TryGet(parser.Name, body.Bytes, out var read))
        {
            if (ReadBody(parser, body.Bytes, webhooks, now, out read) is { } problem) return problem;
            repeats.Remember(parser.Name, body.Bytes, read, now);
        }

        if (read.Alerts.Count == 0)
            return Problem(StatusCodes.Status400BadRequest, "No usable alert",
                read.Rejected.Count == 1 ? $"The alert was rejected: {read.Rejected[0].Reason}." : "Every alert in the payload was rejected.",
                read.Rejected);

        IReadOnlyList<IncidentChange> changes;
        try
        {
            changes = await engine.IngestAsync(read.Alerts, ct);
        }
        catch when (replayKey is not null)
        {
            // Not stored (the store is down, say): the sender's retry of this very request must get in.
            await replays.ForgetAsync(replayKey, CancellationToken.None);
            throw;
        }
        var changed = new string[changes.Count];
        for (var i = 0; i < changed.Length; i++) changed[i] = changes[i].Current.Id;
        return new WebhookReceipt(read.Alerts.Count, read.Rejected, changed).ToResult();
    }

    /// <summary>The body's alerts, bounded for the incidents; or the 400 problem that says why it cannot be read.</summary>
    private static IResult? ReadBody(IAlertSource parser, byte[] body, WebhookOptions webhooks, DateTimeOffset now, out ReadWebhook read)
    {
        read = null!;
        if (!Utf8.IsValid(body))
            return Problem(StatusCodes.Status400BadRequest, "Body is not valid JSON", "The body is not valid UTF-8 text.");
        var settings = webhooks.For(parser.Name);
        // Most bodies are well-formed: read straight from the bytes where the source can; otherwise (and for the
        // exact problem with a body that is not) through a document.
        if ((parser as IAlertBodyReader)?.TryRead(body, settings, now) is not { } result)
            if (ParseDocument(parser, body, settings, now, out result) is { } problem) return problem;
        var alerts = new Alert[result.Alerts.Count];
        for (var i = 0; i < alerts.Length; i++) alerts[i] = SourceConventions.Bounded(result.Alerts[i]);
        read = new ReadWebhook(alerts, result.Rejected);
        return null;
    }

    private static IResult? ParseDocument(IAlertSource parser, byte[] body, SourceOptions settings, DateTimeOffset now, out SourceParseResult result)
    {
        result = null!;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!Json.HasOnlyValidStrings(document.RootElement))
                return Problem(StatusCodes.Status400BadRequest, "Body is not valid JSON", "A string in the body has an invalid \\u escape (an unpaired surrogate).");
            result = parser.Parse(document.RootElement, settings, now);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Body is not valid JSON", e.Message);
        }
        catch (InvalidPayloadException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid payload", e.Message);
        }
        return null;
    }

    /// <summary>application/json, text/json or any application/*+json; charset parameters are fine.</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is "application/json" or "application/json; charset=utf-8") return true;   // what most senders send, unparsed
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)) return false;
        var type = media.MediaType.Value ?? "";
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
               || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Deliberately the same answer whatever was wrong: missing header, wrong secret, stale timestamp, a replay.</summary>
    private static IResult Unauthorized(HttpRequest request, WebhookAuthOptions? auth)
    {
        if (WebhookAuthenticator.Challenge(auth) is { } challenge) request.HttpContext.Response.Headers.WWWAuthenticate = challenge;
        return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The request's credentials were not accepted.");
    }

    private static IResult Problem(int status, string title, string detail, IReadOnlyList<RejectedAlert>? rejected = null) =>
        Results.Problem(statusCode: status, title: title, detail: detail,
            extensions: rejected is null ? null : new Dictionary<string, object?> { ["rejected"] = rejected });
}
