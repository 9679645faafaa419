using System.Globalization;
using System.Net;
using System.Text;
using SupportBot.Incidents;

namespace SupportBot.StatusPage;

/// <summary>/status: one self-contained, server-rendered page; no script, readable on a phone and by a screen reader.</summary>
public static class StatusHtml
{
    public static string Build(StatusSnapshot s)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(s.Description)} · {E(s.Title)}</title>
            <link rel="alternate" type="application/atom+xml" title="{E(s.Title)} (Atom)" href="/status.atom">
            <style>{Css}</style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header><div class="wrap"><h1>{E(s.Title)}</h1></div></header>
            <main id="main" class="wrap">
            <section class="banner {StateClass(s.Worst)}" aria-labelledby="overall">
            <h2 id="overall"><span class="dot" aria-hidden="true"></span>{E(s.Description)}</h2>
            <p>Last updated {Time(s.UpdatedAt)}</p>
            </section>

            """);

        if (s.Open.Count > 0)
        {
            html.Append($"""<section aria-labelledby="open-heading"><h2 id="open-heading">Open incident{(s.Open.Count == 1 ? "" : "s")}</h2>""").Append('\n');
            foreach (var incident in s.Open) Incident(html, incident);
            html.Append("</section>\n");
        }

        html.Append("""<section aria-labelledby="services-heading"><h2 id="services-heading">Services</h2>""").Append('\n');
        if (s.Services.Count == 0)
            html.Append("<p>No services are listed on this page yet.</p>\n");
        else
        {
            html.Append("""<ul class="services">""").Append('\n');
            foreach (var service in s.Services)
                html.Append($"""
                    <li><span class="name">{E(service.Service.Name)}</span><span class="pill {StateClass(service.State)}">{E(Labels.State(service.State))}</span><span class="uptime">{Uptime.Format(service.Uptime)} uptime, last {s.HistoryDays} days</span></li>

                    """);
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");

        html.Append($"""<section aria-labelledby="history-heading"><h2 id="history-heading">Past incidents, last {s.HistoryDays} days</h2>""").Append('\n');
        if (s.Recent.Count == 0) html.Append($"<p>No incidents in the last {s.HistoryDays} days.</p>\n");
        foreach (var incident in s.Recent) Incident(html, incident);
        html.Append("</section>\n");

        html.Append("""
            </main>
            <footer class="wrap"><p>Follow updates: <a href="/status.atom">Atom feed</a> · <a href="/status.json">JSON</a>. Times are UTC.</p></footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void Incident(StringBuilder html, PublicIncident i)
    {
        var state = i.IsOpen ? PublicProjection.StateOf(i.Impact) : ServiceState.Operational;
        var label = i.IsOpen ? Capital(Labels.Impact(i.Impact)) : "Resolved";
        var when = i.ResolvedAt is { } resolved
            ? $"{Time(i.StartedAt)} – {Time(resolved, sameDayAs: i.StartedAt)} ({DurationText.Format(resolved - i.StartedAt)})"
            : $"since {Time(i.StartedAt)}";
        html.Append($"""
            <article class="incident {StateClass(state)}" id="{E(i.Id)}" aria-labelledby="{E(i.Id)}-title">
            <h3 id="{E(i.Id)}-title">{E(i.Title)}</h3>
            <p class="meta"><span class="pill {StateClass(state)}">{E(label)}</span> <span>{E(i.Service.Name)}</span> <span>{when}</span></p>
            <ul class="updates">

            """);
        foreach (var u in i.Updates.Reverse())
            html.Append($"""<li><strong>{E(Labels.Status(u.Status))}</strong> – {E(u.Body)} <span class="when">{Time(u.At)}</span></li>""").Append('\n');
        html.Append("</ul>\n</article>\n");
    }

    /// <summary>"20 Nov 2026, 09:41 UTC"; only "10:07 UTC" when it falls on the same day as <paramref name="sameDayAs"/>.</summary>
    private static string Time(DateTimeOffset at, DateTimeOffset? sameDayAs = null)
    {
        var format = sameDayAs?.UtcDateTime.Date == at.UtcDateTime.Date ? "HH:mm 'UTC'" : "d MMM yyyy, HH:mm 'UTC'";
        return $"""<time datetime="{StatusJson.Time(at)}">{at.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)}</time>""";
    }

    private static string StateClass(ServiceState state) => "state-" + Labels.Code(state).Replace('_', '-');

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string E(string text) => WebUtility.HtmlEncode(text);

    // Colours pass WCAG AA on white; every state is also written out, never shown by colour alone.
    private const string Css = """
        :root{--ok:#1a7f37;--degraded:#7d5a00;--partial:#b34100;--major:#c4161c;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
        *{box-sizing:border-box}
        body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        .wrap{max-width:46rem;margin:0 auto;padding:0 1rem}
        .skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
        header{background:#fff;border-bottom:1px solid var(--line)}
        h1{font-size:1.4rem;margin:0;padding:1rem 0}
        h2{font-size:1.15rem;margin:1.5rem 0 .75rem}
        h3{font-size:1.05rem;margin:0 0 .25rem}
        .banner{margin-top:1.25rem;padding:1rem 1.25rem;border-radius:.5rem;color:#fff;background:var(--ok)}
        .banner h2{margin:0;font-size:1.3rem;display:flex;align-items:center;gap:.6rem}
        .banner p{margin:.25rem 0 0}
        .banner .dot{width:.8rem;height:.8rem;border-radius:50%;background:#fff;flex:none}
        .banner.state-degraded-performance{background:var(--degraded)}.banner.state-partial-outage{background:var(--partial)}.banner.state-major-outage{background:var(--major)}
        .services{list-style:none;margin:0;padding:0;background:#fff;border:1px solid var(--line);border-radius:.5rem}
        .services li{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;padding:.75rem 1rem;border-top:1px solid var(--line)}
        .services li:first-child{border-top:0}
        .services .name{font-weight:600;flex:1 1 10rem}
        .uptime{color:var(--muted);font-size:.875rem;flex-basis:100%}
        .pill{display:inline-block;font-size:.8rem;font-weight:600;padding:.1rem .55rem;border-radius:1rem;border:1px solid currentColor;color:var(--ok)}
        .pill.state-degraded-performance{color:var(--degraded)}.pill.state-partial-outage{color:var(--partial)}.pill.state-major-outage{color:var(--major)}
        .incident{background:#fff;border:1px solid var(--line);border-left:.35rem solid var(--ok);border-radius:.5rem;padding:.9rem 1rem;margin-bottom:.75rem}
        .incident.state-degraded-performance{border-left-color:var(--degraded)}.incident.state-partial-outage{border-left-color:var(--partial)}.incident.state-major-outage{border-left-color:var(--major)}
        .meta{margin:0;color:var(--muted);font-size:.9rem;display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:center}
        .updates{margin:.6rem 0 0;padding-left:1.1rem;list-style:disc}
        .updates li{margin:.3rem 0}
        .when{display:block;color:var(--muted);font-size:.85rem}
        footer{color:var(--muted);font-size:.9rem;padding-bottom:2rem}
        a{color:#0b57d0}
        """;
}
