using SupportBot.Incidents;
using SupportBot.Logs;

namespace SupportBot.Questions;

public static class LogRange
{
    /// <summary>
    /// The time range for a logs question: what the rep asked for; else around the incident (a few minutes before it
    /// started until it resolved, or now); else the last few minutes. Never longer than a week, never in the future.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) For(LogWindow window, Incident? incident, DateTimeOffset now, LogsOptions o) => window switch
    {
        LogWindow.Last last => (now - last.Span, now),
        LogWindow.Since since => (SinceTimeOfDay(since.At, now), now),
        _ when incident is not null => Clamp(incident.StartedAt - TimeSpan.FromMinutes(o.MinutesBeforeIncident),
            incident.ResolvedAt is { } resolved ? resolved + TimeSpan.FromMinutes(o.MinutesBeforeIncident) : now, now),
        _ => (now - TimeSpan.FromMinutes(o.DefaultMinutes), now),
    };

    private static (DateTimeOffset, DateTimeOffset) Clamp(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (to > now) to = now;
        if (to - from > QuestionParser.MaxWindow) from = to - QuestionParser.MaxWindow;
        return (from, to);
    }

    /// <summary>Today at that UTC time, or yesterday when that is still ahead.</summary>
    private static DateTimeOffset SinceTimeOfDay(TimeOnly at, DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var today = new DateTimeOffset(utc.Year, utc.Month, utc.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        return today <= utc ? today : today.AddDays(-1);
    }
}
