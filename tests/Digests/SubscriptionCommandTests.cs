using SupportBot.Alerts;
using SupportBot.Digests;
using Cmd = SupportBot.Digests.SubscriptionCommand;

namespace SupportBot.Tests.Digests;

public sealed class SubscriptionCommandTests
{
    [Theory]
    [InlineData("subscribe digest daily 09:00", 9, 0)]
    [InlineData("Subscribe Digest DAILY 17:30", 17, 30)]
    [InlineData("subscribe digest daily 7:05", 7, 5)]
    [InlineData("subscribe digest daily", 9, 0)]
    [InlineData("  subscribe   digest daily 00:00. ", 0, 0)]
    public void Daily_digest_at_a_time(string text, int hour, int minute)
    {
        var command = Assert.IsType<Cmd.SubscribeDigest>(Cmd.Parse(text));
        Assert.Equal(new DigestSchedule(DigestFrequency.Daily, new TimeOnly(hour, minute)), command.Schedule);
        Assert.Null(command.TimeZone);
        Assert.Equal($"{minute} {hour} * * *", command.Schedule.Cron);
    }

    [Theory]
    [InlineData("subscribe digest weekly mon 09:00 Europe/Berlin", DayOfWeek.Monday, 9, "Europe/Berlin")]
    [InlineData("subscribe digest weekly Friday 16:45", DayOfWeek.Friday, 16, null)]
    [InlineData("subscribe digest weekly sun 08:00 america/new_york", DayOfWeek.Sunday, 8, "America/New_York")]
    [InlineData("subscribe digest weekly tue UTC", DayOfWeek.Tuesday, 9, "UTC")]
    public void Weekly_digest_on_a_day_with_an_optional_zone(string text, DayOfWeek day, int hour, string? zone)
    {
        var command = Assert.IsType<Cmd.SubscribeDigest>(Cmd.Parse(text));
        Assert.Equal(DigestFrequency.Weekly, command.Schedule.Frequency);
        Assert.Equal(day, command.Schedule.Day);
        Assert.Equal(hour, command.Schedule.At.Hour);
        Assert.Equal(zone, command.TimeZone);
        Assert.EndsWith($" * * {(int)day}", command.Schedule.Cron);
    }

    [Fact]
    public void Daily_digest_with_a_zone_and_no_time()
    {
        var command = Assert.IsType<Cmd.SubscribeDigest>(Cmd.Parse("subscribe digest daily Asia/Tokyo"));
        Assert.Equal(new TimeOnly(9, 0), command.Schedule.At);
        Assert.Equal("Asia/Tokyo", command.TimeZone);
    }

    [Theory]
    [InlineData("subscribe service checkout-api severity critical", "checkout-api", Severity.Critical)]
    [InlineData("subscribe service Payments severity MAJOR", "Payments", Severity.Major)]
    [InlineData("subscribe service search severity warning", "search", Severity.Minor)]
    [InlineData("subscribe service checkout-api", "checkout-api", null)]
    public void Service_watch_with_an_optional_severity(string text, string service, Severity? severity)
    {
        var command = Assert.IsType<Cmd.SubscribeService>(Cmd.Parse(text));
        Assert.Equal(new ServiceWatch(service, severity), command.Watch);
    }

    [Theory]
    [InlineData("subscriptions")]
    [InlineData("my subscriptions")]
    [InlineData("List Subscriptions?")]
    public void Listing(string text) => Assert.IsType<Cmd.List>(Cmd.Parse(text));

    [Theory]
    [InlineData("unsubscribe 3", 3)]
    [InlineData("unsubscribe #12", 12)]
    public void Unsubscribe_one(string text, int id) => Assert.Equal(id, Assert.IsType<Cmd.Unsubscribe>(Cmd.Parse(text)).Id);

    [Fact]
    public void Unsubscribe_all() => Assert.IsType<Cmd.UnsubscribeAll>(Cmd.Parse("unsubscribe all"));

    [Theory]
    [InlineData("subscribe here")]
    [InlineData("unsubscribe here")]
    [InlineData("status")]
    [InlineData("incident 42")]
    [InlineData("what's down?")]
    public void Leaves_other_commands_to_other_skills(string text) => Assert.Null(Cmd.Parse(text));

    [Theory]
    [InlineData("subscribe", "subscribe digest daily 09:00")]
    [InlineData("subscribe me", "subscribe service checkout-api severity critical")]
    [InlineData("subscribe digest", "subscribe digest daily 09:00")]
    [InlineData("subscribe digest hourly", "subscribe digest weekly mon 09:00 Europe/Berlin")]
    [InlineData("subscribe digest daily 25:00", "HH:mm")]
    [InlineData("subscribe digest daily 9am", "HH:mm")]
    [InlineData("subscribe digest daily 12:61", "HH:mm")]
    [InlineData("subscribe digest daily 09:00 Mars/Olympus_Mons", "IANA")]
    [InlineData("subscribe digest daily 09:00 Europe/Berlin please", "subscribe digest daily 09:00")]
    [InlineData("subscribe digest weekly 09:00", "weekly mon 09:00")]
    [InlineData("subscribe digest weekly funday 09:00", "weekly mon 09:00")]
    [InlineData("subscribe service", "subscribe service checkout-api severity critical")]
    [InlineData("subscribe service severity critical", "subscribe service checkout-api severity critical")]
    [InlineData("subscribe service checkout-api severity", "subscribe service checkout-api severity critical")]
    [InlineData("subscribe service checkout-api severity purple", "critical, major, minor or info")]
    [InlineData("subscribe service checkout-api critical", "subscribe service checkout-api severity critical")]
    [InlineData("unsubscribe", "unsubscribe 3")]
    [InlineData("unsubscribe three", "unsubscribe all")]
    [InlineData("unsubscribe 0", "unsubscribe 3")]
    [InlineData("unsubscribe 3 4", "unsubscribe 3")]
    public void Bad_forms_are_answered_with_the_correct_form(string text, string shown)
    {
        var bad = Assert.IsType<Cmd.Bad>(Cmd.Parse(text));
        Assert.Contains(shown, bad.Reply);
    }
}
