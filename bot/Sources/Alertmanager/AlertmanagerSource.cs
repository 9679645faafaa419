using System.Text.Json;

namespace SupportBot.Sources.Alertmanager;

/// <summary>Prometheus Alertmanager's webhook (payload version 4).</summary>
public sealed class AlertmanagerSource : IAlertSource
{
    public string Name => "alertmanager";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt) =>
        AlertmanagerFormat.Parse(payload, settings, receivedAt, Name, "Alertmanager webhook, version 4");
}
