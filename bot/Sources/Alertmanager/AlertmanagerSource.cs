using System.Text.Json;

namespace SupportBot.Sources.Alertmanager;

/// <summary>Prometheus Alertmanager's webhook (payload version 4).</summary>
public sealed class AlertmanagerSource : IAlertSource, IAlertBodyReader
{
    public string Name => "alertmanager";

    public SourceParseResult? TryRead(ReadOnlySpan<byte> body, SourceOptions settings, DateTimeOffset receivedAt) =>
        AlertmanagerReader.TryRead(body, settings, receivedAt, Name);

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt) =>
        AlertmanagerFormat.Parse(payload, settings, receivedAt, Name, "Alertmanager webhook, version 4");
}
