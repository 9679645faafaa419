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
    /// <paramref name="settings"/> carries the source's configured service fields and severity overrides.
    /// </summary>
    SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt);
}

/// <summary>A source that reads a well-formed body straight from its bytes, for what <see cref="IAlertSource.Parse"/> gives.</summary>
public interface IAlertBodyReader
{
    /// <summary>
    /// The alerts and rejections <see cref="IAlertSource.Parse"/> would give for this body; null when the body is not
    /// well-formed JSON of the source's shape (the caller then parses it the usual way, which says what is wrong).
    /// </summary>
    SourceParseResult? TryRead(ReadOnlySpan<byte> body, SourceOptions settings, DateTimeOffset receivedAt);
}

public sealed record SourceParseResult(IReadOnlyList<Alert> Alerts, IReadOnlyList<RejectedAlert> Rejected)
{
    public static SourceParseResult Single(Alert alert) => new([alert], []);

    /// <summary>A payload that carries exactly one alert which could not be used.</summary>
    public static SourceParseResult Rejection(string reason) => new([], [new RejectedAlert(0, reason)]);
}

/// <summary>An alert of a batch that could not be used, and why (index into the payload's list of alerts).</summary>
public sealed record RejectedAlert(int Index, string Reason);

public sealed class InvalidPayloadException(string message) : Exception(message);
