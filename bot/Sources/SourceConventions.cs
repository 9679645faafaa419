using System.Security.Cryptography;
using System.Text;
using SupportBot.Alerts;

namespace SupportBot.Sources;

/// <summary>What every source does the same way: pick the service, map severities (configured overrides first), clip text.</summary>
public static class SourceConventions
{
    /// <summary>The first non-blank value among <paramref name="fields"/>, the configured field names taking precedence over the source's defaults.</summary>
    public static string? Service(SourceOptions settings, IReadOnlyDictionary<string, string> fields, params string[] defaults)
    {
        var names = settings.ServiceFields.Count > 0 ? settings.ServiceFields : (IEnumerable<string>)defaults;
        return names.Select(n => fields.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
    }

    /// <summary>The configured override for <paramref name="raw"/> if there is one (validated at start), else null.</summary>
    public static Severity? ConfiguredSeverity(SourceOptions settings, string? raw) =>
        raw is not null && settings.Severities.TryGetValue(raw.Trim(), out var name) && Enum.TryParse<Severity>(name, true, out var s) ? s : null;

    /// <summary>Configured override, else the source's own mapping, else the shared aliases, else <paramref name="fallback"/>.</summary>
    public static Severity Severity(SourceOptions settings, string? raw, Func<string, Severity?>? sourceMapping = null, Severity fallback = Alerts.Severity.Major)
    {
        if (ConfiguredSeverity(settings, raw) is { } configured) return configured;
        if (raw is not null && sourceMapping?.Invoke(raw.Trim()) is { } mapped) return mapped;
        return SeverityNames.ParseOrDefault(raw, fallback);
    }

    /// <summary>A stable short id for alerts whose source has none: a hash of the identifying parts.</summary>
    public static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u00ff", parts))))[..16];

    /// <summary>Quotes a value of the payload in an error message without echoing a huge string back.</summary>
    public static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    /// <summary>Keeps text from a payload to a size a card can show.</summary>
    public static string? Limit(string? text, int max = 2000) =>
        text is null ? null : text.Length <= max ? text : text[..max] + "…";

    /// <summary>
    /// Bounds what any source lets into an incident: long text is cut, an overlong identity is hashed, no more than a
    /// few links. Applied to every parsed alert, so a hostile payload cannot make cards or storage grow without limit.
    /// </summary>
    public static Alert Bounded(Alert alert) => IsBounded(alert) ? alert : alert with
    {
        Fingerprint = alert.Fingerprint.Length <= 200 ? alert.Fingerprint : Hash(alert.Fingerprint),
        GroupKey = alert.GroupKey.Length <= 300 ? alert.GroupKey : $"{alert.Source}:{Hash(alert.GroupKey)}",
        Service = Limit(string.IsNullOrWhiteSpace(alert.Service) ? alert.Source : alert.Service, 200)!,
        Summary = Limit(string.IsNullOrWhiteSpace(alert.Summary) ? $"{alert.Source} alert" : alert.Summary, 300)!,
        Description = Limit(alert.Description),
        Labels = alert.Labels.Count <= 50 && alert.Labels.All(l => l.Key.Length + l.Value.Length <= 500) ? alert.Labels : BoundedLabels(alert.Labels),
        Links = alert.Links.Count <= 10 && alert.Links.All(l => l.Url.Length <= 2000) ? alert.Links : alert.Links.Where(l => l.Url.Length <= 2000).Take(10).ToList(),
    };

    /// <summary>Whether <see cref="Bounded"/> would leave the alert as it is (most alerts): then it is not copied.</summary>
    private static bool IsBounded(Alert alert) =>
        alert.Fingerprint.Length <= 200 && alert.GroupKey.Length <= 300
        && !string.IsNullOrWhiteSpace(alert.Service) && alert.Service.Length <= 200
        && !string.IsNullOrWhiteSpace(alert.Summary) && alert.Summary.Length <= 300
        && (alert.Description is null || alert.Description.Length <= 2000)
        && alert.Labels.Count <= 50 && alert.Labels.All(l => l.Key.Length + l.Value.Length <= 500)
        && alert.Links.Count <= 10 && alert.Links.All(l => l.Url.Length <= 2000);

    private static Dictionary<string, string> BoundedLabels(IReadOnlyDictionary<string, string> labels)
    {
        var bounded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels.Take(50)) bounded.TryAdd(Limit(key, 100)!, Limit(value, 400)!);
        return bounded;
    }
}
