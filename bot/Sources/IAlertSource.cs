using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources;

/// <summary>Turns one monitoring system's webhook payload into normalized alerts.</summary>
public interface IAlertSource
{
    /// <summary>The {source} segment of POST /api/webhooks/{source}.</summary>
    string Name { get; }

    /// <summary>
    /// Parses a payload. Throws <see cref="InvalidPayloadException"/> when the payload as a whole is unusable;
    /// individual bad alerts in an otherwise good batch are returned as rejected, the good ones are kept.
    /// </summary>
    SourceParseResult Parse(JsonElement payload, DateTimeOffset receivedAt);
}

public sealed record SourceParseResult(IReadOnlyList<Alert> Alerts, IReadOnlyList<RejectedAlert> Rejected);

/// <summary>An alert of a batch that could not be used, and why (index into the payload's list of alerts).</summary>
public sealed record RejectedAlert(int Index, string Reason);

public sealed class InvalidPayloadException(string message) : Exception(message);
