using System.Globalization;
using SupportBot.Alerts;
using SupportBot.Incidents;

namespace SupportBot.Questions;

/// <summary>A customer-facing message in two lengths: an email paragraph and a post of at most 280 characters.</summary>
public sealed record CustomerDraftText(string Email, string Post);

/// <summary>
/// Writes the customer message from the incident's state alone: the service's public name, since when, what is being
/// done, when the next update comes, an apology. It never reads the incident's title, description, timeline or
/// alerts: those carry internal notes, hostnames and log text.
/// </summary>
public static class CustomerDraft
{
    public const int MaxPostChars = 280;

    public static CustomerDraftText Compose(Incident incident, string publicName, DateTimeOffset now, TimeSpan nextUpdateIn)
    {
        var name = PublicName(publicName);
        var since = Clock(incident.StartedAt, now);
        var next = RoundUpToFiveMinutes(now + nextUpdateIn);

        if (!incident.IsOpen)
        {
            var resolvedAt = incident.ResolvedAt ?? now;
            var email =
                $"We're sorry for the disruption to {name} earlier. {Impact(incident.Severity, name, past: true)} " +
                $"from {since} until {Clock(resolvedAt, now)}. The issue is now resolved and {name} is working normally again. " +
                "We're reviewing what happened to prevent it from happening again. Thank you for your patience.";
            var post = Fit(
                $"Resolved: the issue affecting {name} since {Short(incident.StartedAt)} was fixed at {Short(resolvedAt)}. Everything is working normally again. We're sorry for the trouble.",
                $"Resolved: {name} is working normally again. We're sorry for the trouble.");
            return new CustomerDraftText(email, post);
        }

        var openEmail =
            $"We're sorry: {Impact(incident.Severity, name, past: false)} since {since}. {Action(incident.Status)} " +
            $"We'll share the next update by {Short(next)}. Thank you for your patience while we work on it.";
        var openPost = Fit(
            $"{Capitalize(name)}: {ShortImpact(incident.Severity)} since {Short(incident.StartedAt)}. {ShortAction(incident.Status)} Next update by {Short(next)}. Sorry for the trouble.",
            $"{Capitalize(name)}: {ShortImpact(incident.Severity)}. {ShortAction(incident.Status)} Next update by {Short(next)}.");
        return new CustomerDraftText(openEmail, openPost);
    }

    private static string Impact(Severity severity, string name, bool past) => (severity, past) switch
    {
        (Severity.Critical, false) => $"{name} is currently unavailable or failing for many customers",
        (Severity.Major, false) => $"some customers are seeing errors or slow responses in {name}",
        (Severity.Minor, false) => $"a small number of customers may see occasional errors or delays in {name}",
        (_, false) => $"{name} may be slightly degraded",
        (Severity.Critical, true) => $"{Capitalize(name)} was unavailable or failing for many customers",
        (Severity.Major, true) => $"Some customers saw errors or slow responses in {name}",
        (Severity.Minor, true) => $"A small number of customers saw occasional errors or delays in {name}",
        _ => $"{Capitalize(name)} was slightly degraded",
    };

    private static string ShortImpact(Severity severity) => severity switch
    {
        Severity.Critical => "unavailable for many customers",
        Severity.Major => "some customers see errors or slowness",
        Severity.Minor => "occasional errors or delays for some customers",
        _ => "possibly slightly degraded",
    };

    private static string Action(IncidentStatus status) => status switch
    {
        IncidentStatus.Identified => "Our engineers have found the cause and are working on a fix.",
        IncidentStatus.Monitoring => "A fix is in place and we're watching closely to make sure it holds.",
        _ => "Our engineers are investigating the cause right now.",
    };

    private static string ShortAction(IncidentStatus status) => status switch
    {
        IncidentStatus.Identified => "We've found the cause and are fixing it.",
        IncidentStatus.Monitoring => "A fix is in place; we're monitoring.",
        _ => "We're investigating.",
    };

    /// <summary>The name customers know; a monitoring name that looks like a host (has a dot or a port) is not shown.</summary>
    private static string PublicName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Contains('.') || name.Contains(':') ? "our service" : name.Trim();

    /// <summary>"09:41 UTC" today, "20 Nov 09:41 UTC" on another day.</summary>
    private static string Clock(DateTimeOffset at, DateTimeOffset now)
    {
        var (a, n) = (at.ToUniversalTime(), now.ToUniversalTime());
        return a.Date == n.Date
            ? a.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : a.ToString("d MMM HH:mm 'UTC'", CultureInfo.InvariantCulture);
    }

    private static string Short(DateTimeOffset at) => at.ToUniversalTime().ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static DateTimeOffset RoundUpToFiveMinutes(DateTimeOffset at)
    {
        var five = TimeSpan.FromMinutes(5).Ticks;
        var ticks = (at.UtcTicks + five - 1) / five * five;
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static string Fit(string preferred, string shorter)
    {
        if (preferred.Length <= MaxPostChars) return preferred;
        if (shorter.Length <= MaxPostChars) return shorter;
        return shorter[..(MaxPostChars - 1)] + "…";
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
