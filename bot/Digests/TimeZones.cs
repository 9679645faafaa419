using System.Diagnostics.CodeAnalysis;

namespace SupportBot.Digests;

public static class TimeZones
{
    /// <summary>Finds an IANA zone ("Europe/Berlin", also "europe/berlin") or "UTC".</summary>
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id)) return false;
        id = id.Trim();
        if (id.Equals("UTC", StringComparison.OrdinalIgnoreCase) || id.Equals("Etc/UTC", StringComparison.OrdinalIgnoreCase))
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone) && zone.HasIanaId) return true;
        var match = TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => z.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
        zone = match is not null && match.HasIanaId ? match : null;
        return zone is not null;
    }

    public static TimeZoneInfo FindOrUtc(string? id) => TryFind(id, out var zone) ? zone : TimeZoneInfo.Utc;
}
