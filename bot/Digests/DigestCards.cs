using System.Globalization;
using Microsoft.Bot.Schema;
using SupportBot.Alerts;
using SupportBot.Cards;
using SupportBot.Incidents;
using SupportBot.Presentation;

namespace SupportBot.Digests;

/// <summary>Formats digest figures for the card (times in the reader's zone) and wraps the card into an activity.</summary>
public static class DigestCards
{
    public static DigestModel ToModel(DigestFigures f, DigestFrequency frequency, TimeZoneInfo zone) => new()
    {
        Title = frequency == DigestFrequency.Daily ? "Daily incident digest" : "Weekly incident digest",
        Period = $"{Local(f.From, zone)} → {Local(f.To, zone)} ({zone.Id})",
        Opened = f.Opened,
        Resolved = f.Resolved,
        StillOpen = f.StillOpen,
        TimeToAcknowledge = Describe(f.TimeToAcknowledge, "none acknowledged"),
        TimeToResolve = Describe(f.TimeToResolve, "none resolved"),
        Services = f.Services.Select(s => new DigestServiceRow(
            s.Service,
            string.Join(", ", s.BySeverity.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} {kv.Key.Name()}")),
            (int)Math.Round(s.Downtime.TotalMinutes, MidpointRounding.AwayFromZero),
            Availability(s.AvailabilityPercent))).ToList(),
        Longest = f.Longest.Select(l => new DigestIncidentRow(
            l.Incident.Id, l.Incident.Title, l.Incident.Service, l.Incident.Severity.Name(),
            DurationText.Format(l.Duration), l.OpenAtEnd, l.Incident.Links.FirstOrDefault()?.Url)).ToList(),
    };

    public static IMessageActivity Digest(DigestFigures figures, DigestFrequency frequency, TimeZoneInfo zone)
    {
        var model = ToModel(figures, frequency, zone);
        var activity = IncidentCards.FromCard(DigestCard.Build(model));
        activity.Summary = model.Quiet
            ? $"{model.Title}: no incidents"
            : $"{model.Title}: {model.Opened} opened, {model.Resolved} resolved, {model.StillOpen} still open";
        return activity;
    }

    /// <summary>Rounded down, so that any downtime at all never shows as 100.00%.</summary>
    public static string Availability(double percent) =>
        (Math.Floor(percent * 100) / 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Describe(Spread? spread, string none) => spread is null
        ? $"— ({none})"
        : $"median {DurationText.Format(spread.Median)} · worst {DurationText.Format(spread.Worst)} ({spread.Count} incident{(spread.Count == 1 ? "" : "s")})";
}
