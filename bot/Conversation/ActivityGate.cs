using SupportBot.Channels;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace SupportBot.Conversation;

/// <summary>
/// In front of POST /api/messages: an activity that names a service URL the bot must not talk to, or that is not an
/// activity the bot can answer (no conversation, a garbage URL, button data of the wrong types), is refused with a
/// 4xx problem before the adapter — and so before anything is stored or sent. A token the adapter refuses gets a
/// 401 with the reason, or a 503 with Retry-After when the sign-in metadata to check it against cannot be fetched.
/// </summary>
public sealed class ActivityGate(RequestDelegate next, ServiceUrlPolicy serviceUrls, SignInMetadata metadata, IOptions<ChatAccessOptions> options, ILogger<ActivityGate> log)
{
    private static readonly string[] TextFields = ["verb", "incident", "status", "text", "note"];

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = options.Value.MaxActivityBytes;
        if (http.Request.ContentLength > limit) { await RefuseAsync(http, 413, "Activity too large", $"Activities are limited to {limit} bytes."); return; }
        http.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);

        string? problem;
        var status = 400;
        var universalAction = false;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
            (status, problem) = Check(document.RootElement);
            universalAction = IsUniversalAction(document.RootElement);
        }
        catch (JsonException) { problem = "The body is not JSON; expected a Bot Framework activity."; }
        catch (IOException) { (status, problem) = (413, $"Activities are limited to {limit} bytes."); }
        http.Request.Body.Position = 0;

        if (problem is not null)
        {
            log.LogWarning("Refused an activity on /api/messages ({Status}): {Problem}", status, problem);
            if (status == 400 && universalAction) await UniversalActionErrorAsync(http, problem);
            else await RefuseAsync(http, status, status == 403 ? "Service URL not allowed" : "Not a usable activity", problem);
            return;
        }

        try
        {
            await next(http);
            if (http.Response.StatusCode == 401 && !http.Response.HasStarted)
            {
                // The adapter answers a refused token with a bare 401, whether forged or uncheckable: say which.
                var authorization = http.Request.Headers.Authorization.ToString();
                if (await metadata.IsUnreachableForAsync(authorization, http.RequestAborted)) { await MetadataUnreachableAsync(http); return; }
                http.Response.Headers.WWWAuthenticate = "Bearer";
                await RefuseAsync(http, 401, "Unauthorized", authorization.Length == 0
                    ? "Activities need a Bot Framework token in the Authorization header."
                    : "The Bot Framework token was not accepted: not signed by the Bot Framework, not for this bot's MicrosoftAppId, or expired.");
            }
        }
        catch (Exception e) when (!http.Response.HasStarted && SignInMetadata.IsUnavailable(e))
        {
            log.LogWarning("Could not check a Bot Framework token: the sign-in metadata could not be fetched ({Reason})", e.GetBaseException().Message);
            await MetadataUnreachableAsync(http);
        }
    }

    private static async Task MetadataUnreachableAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ((int)SignInMetadata.FailureMemory.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await RefuseAsync(http, 503, "Cannot verify Bot Framework tokens right now",
            "cannot verify Bot Framework tokens right now: sign-in metadata unreachable (the Bot Framework's OpenID configuration " +
            "and signing keys could not be fetched); try again shortly.");
    }

    /// <summary>(status, reason) of a refusal, or (0, null) for an activity the adapter may have.</summary>
    private (int, string?) Check(JsonElement activity)
    {
        if (activity.ValueKind != JsonValueKind.Object) return (400, "The body is not a Bot Framework activity (a JSON object).");
        if (!NonEmptyString(activity, "type")) return (400, "The activity has no 'type'.");
        if (!activity.TryGetProperty("serviceUrl", out var url) || url.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("https" or "http"))
            return (400, "The activity has no 'serviceUrl', or it is not an http(s) URL.");
        if (!serviceUrls.Allows(url.GetString()))
            return (403, $"The service URL '{Clip(url.GetString()!)}' is not one the bot talks to (Bot:AllowedServiceUrls).");
        if (!activity.TryGetProperty("conversation", out var conversation) || conversation.ValueKind != JsonValueKind.Object || !NonEmptyString(conversation, "id"))
            return (400, "The activity has no 'conversation' with an 'id'.");

        var type = activity.GetProperty("type").GetString();
        activity.TryGetProperty("value", out var value);
        if (type == "invoke" && activity.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "adaptiveCard/action")
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
                return (400, "An Action.Execute invoke needs 'value.action' (an object).");
            if (action.TryGetProperty("verb", out var verb) && verb.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return (400, "'value.action.verb' must be a string.");
            if (action.TryGetProperty("data", out var data) && DataProblem(data, "value.action.data") is { } problem) return (400, problem);
        }
        else if (type == "message" && value.ValueKind != JsonValueKind.Undefined && DataProblem(value, "value") is { } problem)
            return (400, problem);
        return (0, null);
    }

    /// <summary>Button data as the bot's cards send it: {verb, incident, status, text, note} strings and a boolean confirm.</summary>
    private static string? DataProblem(JsonElement data, string path)
    {
        if (data.ValueKind is JsonValueKind.Null) return null;
        if (data.ValueKind != JsonValueKind.Object) return $"'{path}' must be an object.";
        foreach (var field in TextFields)
            if (data.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
                return $"'{path}.{field}' must be a string.";
        if (data.TryGetProperty("confirm", out var confirm) && confirm.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null))
            return $"'{path}.confirm' must be true or false.";
        return null;
    }

    private static bool IsUniversalAction(JsonElement activity) =>
        activity.ValueKind == JsonValueKind.Object
        && activity.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "invoke"
        && activity.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() == "adaptiveCard/action";

    /// <summary>The Universal Actions contract: HTTP 200 whatever happened, the outcome in the body's statusCode.</summary>
    private static Task UniversalActionErrorAsync(HttpContext http, string problem)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        return http.Response.WriteAsJsonAsync(new
        {
            statusCode = 400,
            type = "application/vnd.microsoft.error",
            value = new { code = "BadRequest", message = problem },
        });
    }

    private static bool NonEmptyString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());

    private static string Clip(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private static async Task RefuseAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
