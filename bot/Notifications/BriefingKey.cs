using System.Globalization;

namespace SupportBot.Notifications;

/// <summary>The outbox merge key of an incident's briefing card: "INC-42". Every version of the card merges under it.</summary>
public static class BriefingKey
{
    public static string Of(int incidentNumber) => $"INC-{incidentNumber}";

    public static bool TryParse(string key, out int incidentNumber)
    {
        incidentNumber = 0;
        return key.StartsWith("INC-", StringComparison.Ordinal)
            && int.TryParse(key.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out incidentNumber);
    }
}
