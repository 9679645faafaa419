using Cronos;

namespace SupportBot.Digests;

/// <summary>When digests are due: cron occurrences in the subscriber's zone, which Cronos keeps right across DST.</summary>
public static class DigestTiming
{
    /// <summary>
    /// The occurrence to send now: the latest one after the subscription was made, no older than
    /// <paramref name="grace"/> (a digest missed while the bot was down is sent once, late; older ones are skipped).
    /// </summary>
    public static DateTimeOffset? DueOccurrence(DigestSchedule schedule, TimeZoneInfo zone, DateTimeOffset createdAt,
        DateTimeOffset now, TimeSpan grace)
    {
        var from = createdAt > now - grace ? createdAt : now - grace;
        if (from >= now) return null;
        DateTimeOffset? due = null;
        foreach (var occurrence in Parse(schedule).GetOccurrences(from, now, zone, fromInclusive: false, toInclusive: true))
            due = occurrence;
        return due;
    }

    /// <summary>The occurrence before <paramref name="occurrence"/>: where the digest's period starts.</summary>
    public static DateTimeOffset PreviousOccurrence(DigestSchedule schedule, TimeZoneInfo zone, DateTimeOffset occurrence)
    {
        DateTimeOffset? previous = null;
        foreach (var o in Parse(schedule).GetOccurrences(occurrence - TimeSpan.FromDays(8), occurrence, zone, fromInclusive: true, toInclusive: false))
            previous = o;
        return previous ?? occurrence - (schedule.Frequency == DigestFrequency.Daily ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7));
    }

    public static DateTimeOffset? NextOccurrence(DigestSchedule schedule, TimeZoneInfo zone, DateTimeOffset after) =>
        Parse(schedule).GetNextOccurrence(after, zone);

    private static CronExpression Parse(DigestSchedule schedule) => CronExpression.Parse(schedule.Cron);
}
