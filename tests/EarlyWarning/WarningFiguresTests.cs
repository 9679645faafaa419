using SupportBot.Cards;
using SupportBot.Digests;
using SupportBot.EarlyWarning;
using SupportBot.EarlyWarning.Forecasting;

namespace SupportBot.Tests.EarlyWarning;

public sealed class WarningFiguresTests
{
    private static readonly DateTimeOffset From = DateTimeOffset.Parse("2026-11-28T09:00:00Z");
    private static readonly DateTimeOffset To = From.AddDays(1);

    private static SignalWarning Warning(int hour, WarningStatus status, int? leadMinutes = null) => new()
    {
        Id = $"checkout-api/Queue depth@{hour}",
        SignalKey = "checkout-api/Queue depth",
        Service = "checkout-api",
        SignalName = "Queue depth",
        Direction = Direction.Above,
        Threshold = 100,
        Status = status,
        RaisedAt = From.AddHours(hour),
        Lead = leadMinutes is { } m ? TimeSpan.FromMinutes(m) : null,
    };

    [Fact]
    public void The_digest_counts_warnings_that_came_true_those_that_did_not_and_the_median_lead()
    {
        SignalWarning[] warnings =
        [
            Warning(1, WarningStatus.CameTrue, 14),
            Warning(2, WarningStatus.CameTrue, 8),
            Warning(3, WarningStatus.CameTrue, 20),
            Warning(4, WarningStatus.Recovered),
            Warning(5, WarningStatus.Dismissed),
            Warning(6, WarningStatus.Active),
            Warning(-2, WarningStatus.CameTrue, 99), // before the period
            Warning(25, WarningStatus.Recovered),     // after it
        ];
        var figures = WarningFigures.Compute(warnings, From, To);
        Assert.Equal(new WarningFigures(3, 2, 1, TimeSpan.FromMinutes(14)), figures);
        Assert.Equal("6 raised: 3 came true (median lead 14 min), 2 did not, 1 still out", figures.Describe());

        var card = DigestCard.Build(DigestCards.ToModel(DigestFigures.Compute([], From, To), DigestFrequency.Daily, TimeZoneInfo.Utc, figures)).ToJsonString();
        Assert.Contains("Early warnings", card);
        Assert.Contains("3 came true (median lead 14 min), 2 did not", card);
    }

    [Fact]
    public void A_period_without_warnings_says_nothing_about_them()
    {
        var figures = WarningFigures.Compute([Warning(30, WarningStatus.CameTrue, 5)], From, To);
        Assert.Null(figures.Describe());
        var card = DigestCard.Build(DigestCards.ToModel(DigestFigures.Compute([], From, To), DigestFrequency.Daily, TimeZoneInfo.Utc, figures)).ToJsonString();
        Assert.DoesNotContain("Early warnings", card);
    }
}
