using System.Text.Json;
using SupportBot.Alerts;

namespace SupportBot.Sources.Nagios;

/// <summary>
/// What scripts/nagios/supportbot-notify.sh posts from a Nagios or Icinga notification command: the standard
/// macros as JSON. A service notification has 'service_description' and 'service_state'; a host notification
/// has only 'host_state' (UP, DOWN, UNREACHABLE).
/// </summary>
public sealed class NagiosSource : IAlertSource
{
    private static readonly string[] ServiceFields = ["service", "service_description", "host_name"];

    public string Name => "nagios";

    public SourceParseResult Parse(JsonElement payload, SourceOptions settings, DateTimeOffset receivedAt)
    {
        if (payload.ValueKind != JsonValueKind.Object)
            throw new InvalidPayloadException("The payload must be a JSON object (the SupportBot Nagios/Icinga notification script).");
        var macros = Json.ScalarMap(payload);

        var host = macros.GetValueOrDefault("host_name");
        if (string.IsNullOrWhiteSpace(host)) return SourceParseResult.Rejection("'host_name' ($HOSTNAME$) is missing");
        var type = macros.GetValueOrDefault("notification_type");
        if (string.IsNullOrWhiteSpace(type)) return SourceParseResult.Rejection("'notification_type' ($NOTIFICATIONTYPE$) is missing");

        var serviceDescription = macros.GetValueOrDefault("service_description");
        var isService = !string.IsNullOrWhiteSpace(serviceDescription);
        var stateField = isService ? "service_state" : "host_state";
        var state = macros.GetValueOrDefault(stateField)?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(state)) return SourceParseResult.Rejection($"'{stateField}' is missing");
        if (StateSeverity(state, isService) is not { } stateSeverity)
            return SourceParseResult.Rejection($"'{stateField}' '{SourceConventions.Clip(state)}' is not a {(isService ? "service state (OK, WARNING, CRITICAL, UNKNOWN)" : "host state (UP, DOWN, UNREACHABLE)")}");

        var upper = type.Trim().ToUpperInvariant();
        AlertStatus status;
        if (upper == "PROBLEM") status = AlertStatus.Firing;
        else if (upper == "RECOVERY") status = AlertStatus.Resolved;
        // Acknowledgements, flapping, downtime and custom notifications say nothing new about the outage: the state decides.
        else if (upper is "ACKNOWLEDGEMENT" or "CUSTOM" || upper.StartsWith("FLAPPING", StringComparison.Ordinal) || upper.StartsWith("DOWNTIME", StringComparison.Ordinal))
            status = state is "OK" or "UP" ? AlertStatus.Resolved : AlertStatus.Firing;
        else
            return SourceParseResult.Rejection($"'notification_type' '{SourceConventions.Clip(type)}' is not a Nagios notification type (PROBLEM, RECOVERY, ACKNOWLEDGEMENT, FLAPPINGSTART, ...)");

        var service = SourceConventions.Service(settings, macros, ServiceFields) ?? host;
        var severity = SourceConventions.ConfiguredSeverity(settings, state) ?? stateSeverity;
        var output = macros.GetValueOrDefault(isService ? "service_output" : "host_output");
        var longOutput = macros.GetValueOrDefault(isService ? "long_service_output" : "long_host_output");
        var stateChange = Json.UnixTime(macros.GetValueOrDefault(isService ? "last_service_state_change" : "last_host_state_change"));

        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = host, ["state"] = state };
        if (isService) labels["service_description"] = serviceDescription!;
        if (macros.GetValueOrDefault("notification_author") is { Length: > 0 } author) labels["acknowledged_by"] = author;

        return SourceParseResult.Single(new Alert
        {
            Source = Name,
            Fingerprint = isService ? $"nagios:{host}/{serviceDescription}" : $"nagios:{host}",
            Status = status,
            Severity = severity,
            Service = service,
            Summary = SourceConventions.Limit(isService ? $"{serviceDescription} on {host} is {state}" : $"Host {host} is {state}", 300)!,
            Description = SourceConventions.Limit(string.IsNullOrWhiteSpace(longOutput) ? output : $"{output}\n{longOutput}"),
            Labels = labels,
            StartsAt = status == AlertStatus.Firing ? stateChange ?? receivedAt : receivedAt,
            EndsAt = null,
            Links = [],
            GroupKey = $"service:{service}",
        });
    }

    private static Severity? StateSeverity(string state, bool isService) => (isService, state) switch
    {
        (true, "CRITICAL") => Severity.Critical,
        (true, "UNKNOWN") => Severity.Major,
        (true, "WARNING") => Severity.Minor,
        (true, "OK") => Severity.Info,
        (false, "DOWN") => Severity.Critical,
        (false, "UNREACHABLE") => Severity.Major,
        (false, "UP") => Severity.Info,
        _ => null,
    };
}
