using Microsoft.Extensions.Time.Testing;
using SupportBot.Digests;
using SupportBot.Storage.InMemory;

namespace SupportBot.Tests.Digests;

/// <summary>
/// Runs the clock through days and daylight-saving changes minute by minute, the way the scheduler checks, and
/// records each digest that wins its claim in the store: those are the digests that go out.
/// </summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.FindOrUtc("Europe/Berlin");
    private static readonly TimeSpan Grace = TimeSpan.FromHours(6);

    private sealed record Sent(DateTimeOffset At, DateTimeOffset PeriodFrom, DateTimeOffset PeriodTo);

    private static List<Sent> Run(DigestSchedule schedule, TimeZoneInfo zone, DateTimeOffset start, DateTimeOffset end,
        Func<DateTimeOffset, bool>? up = null, DateTimeOffset? createdAt = null)
    {
        var clock = new FakeTimeProvider(start);
        var store = new InMemorySubscriptionStore(clock);
        var sent = new List<Sent>();
        while (clock.GetUtcNow() < end)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            var now = clock.GetUtcNow();
            if (up is not null && !up(now)) continue;
            if (DigestTiming.DueOccurrence(schedule, zone, createdAt ?? start, now, Grace) is not { } due) continue;
            if (!store.TryClaimDigestAsync(1, due, Grace + TimeSpan.FromDays(1), default).Result) continue;
            sent.Add(new Sent(now, DigestTiming.PreviousOccurrence(schedule, zone, due), due));
        }
        return sent;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Daily_nine_oclock_Berlin_stays_at_nine_local_when_clocks_go_forward()
    {
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)), Berlin, Utc(3, 27, 12), Utc(3, 31, 12));

        // 09:00 CET = 08:00 UTC until Saturday; from Sunday 29 March 09:00 CEST = 07:00 UTC.
        Assert.Equal([Utc(3, 28, 8), Utc(3, 29, 7), Utc(3, 30, 7), Utc(3, 31, 7)], sent.Select(s => s.At));
        Assert.Equal([24, 23, 24, 24], sent.Select(s => (s.PeriodTo - s.PeriodFrom).TotalHours));
        Assert.All(sent, s => Assert.Equal(9, TimeZoneInfo.ConvertTime(s.At, Berlin).Hour));
    }

    [Fact]
    public void Daily_nine_oclock_Berlin_stays_at_nine_local_when_clocks_go_back()
    {
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)), Berlin, Utc(10, 23, 12), Utc(10, 27, 12));

        Assert.Equal([Utc(10, 24, 7), Utc(10, 25, 8), Utc(10, 26, 8), Utc(10, 27, 8)], sent.Select(s => s.At));
        Assert.Equal([24, 25, 24, 24], sent.Select(s => (s.PeriodTo - s.PeriodFrom).TotalHours));
    }

    [Fact]
    public void A_time_skipped_by_the_clock_change_is_sent_once_at_the_next_valid_time()
    {
        // 02:30 does not exist in Berlin on 29 March 2026 (02:00 → 03:00).
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(2, 30)), Berlin, Utc(3, 27, 12), Utc(3, 30, 12));

        Assert.Equal([Utc(3, 28, 1, 30), Utc(3, 29, 1, 0), Utc(3, 30, 0, 30)], sent.Select(s => s.At));
    }

    [Fact]
    public void A_time_that_happens_twice_when_the_clock_goes_back_is_sent_once()
    {
        // 02:30 happens twice in Berlin on 25 October 2026 (03:00 → 02:00).
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(2, 30)), Berlin, Utc(10, 23, 12), Utc(10, 27, 12));

        Assert.Equal(4, sent.Count);
        Assert.Single(sent, s => TimeZoneInfo.ConvertTime(s.At, Berlin).Date == new DateTime(2026, 10, 25));
    }

    [Fact]
    public void Weekly_monday_digest_covers_one_week_each_across_the_spring_change()
    {
        var schedule = new DigestSchedule(DigestFrequency.Weekly, new TimeOnly(9, 0), DayOfWeek.Monday);
        var sent = Run(schedule, Berlin, Utc(3, 18, 0), Utc(4, 7, 0));

        Assert.Equal([Utc(3, 23, 8), Utc(3, 30, 7), Utc(4, 6, 7)], sent.Select(s => s.At));
        Assert.Equal([7 * 24, 7 * 24 - 1, 7 * 24], sent.Select(s => (s.PeriodTo - s.PeriodFrom).TotalHours));
    }

    [Fact]
    public void A_digest_missed_while_the_bot_was_down_is_sent_once_when_it_is_back_within_the_grace_period()
    {
        // Down from 06:00 to 11:15 UTC on 1 June: the 09:00 UTC digest goes out at 11:15, once.
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)), TimeZoneInfo.Utc, Utc(5, 31, 12), Utc(6, 2, 12),
            up: now => now < Utc(6, 1, 6) || now >= Utc(6, 1, 11, 15));

        Assert.Equal([Utc(6, 1, 11, 15), Utc(6, 2, 9)], sent.Select(s => s.At));
        Assert.Equal([Utc(6, 1, 9), Utc(6, 2, 9)], sent.Select(s => s.PeriodTo));
    }

    [Fact]
    public void Digests_missed_beyond_the_grace_period_are_skipped_not_sent_in_a_burst()
    {
        // Down for two days and back at 10:00: only the digest of 09:00 that day (1h late) goes out.
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)), TimeZoneInfo.Utc, Utc(5, 31, 12), Utc(6, 3, 12),
            up: now => now < Utc(5, 31, 13) || now >= Utc(6, 2, 10));

        Assert.Equal([Utc(6, 2, 10), Utc(6, 3, 9)], sent.Select(s => s.At));
        Assert.Equal((Utc(6, 1, 9), Utc(6, 2, 9)), (sent[0].PeriodFrom, sent[0].PeriodTo));
    }

    [Fact]
    public void Subscribing_after_todays_time_waits_for_tomorrow()
    {
        var sent = Run(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(9, 0)), TimeZoneInfo.Utc, Utc(6, 1, 9, 30), Utc(6, 2, 12));
        Assert.Equal([Utc(6, 2, 9)], sent.Select(s => s.At));
    }
}
