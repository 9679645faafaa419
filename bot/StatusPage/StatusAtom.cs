using System.Net;
using System.Text;
using System.Xml.Linq;

namespace SupportBot.StatusPage;

/// <summary>/status.atom (RFC 4287): one entry per open or recent incident, its public updates as the content.</summary>
public static class StatusAtom
{
    public static readonly XNamespace Ns = "http://www.w3.org/2005/Atom";

    public static XDocument Build(StatusSnapshot s)
    {
        var feed = new XElement(Ns + "feed",
            new XElement(Ns + "id", s.FeedId),
            new XElement(Ns + "title", s.Title),
            new XElement(Ns + "subtitle", s.Description),
            new XElement(Ns + "updated", StatusJson.Time(s.UpdatedAt)),
            new XElement(Ns + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", $"{s.BaseUrl}/status.atom")),
            new XElement(Ns + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", s.PageUrl)),
            new XElement(Ns + "author", new XElement(Ns + "name", s.Title)),
            new XElement(Ns + "generator", "SupportBot"));

        foreach (var incident in s.Open.Concat(s.Recent).OrderByDescending(i => i.UpdatedAt))
            feed.Add(Entry(incident, s));

        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    private static XElement Entry(PublicIncident i, StatusSnapshot s)
    {
        var state = i.IsOpen ? Labels.Status(i.Status) : "Resolved";
        return new XElement(Ns + "entry",
            new XElement(Ns + "id", s.FeedEntryId(i)),
            new XElement(Ns + "title", $"{state}: {i.Title}"),
            new XElement(Ns + "published", StatusJson.Time(i.StartedAt)),
            new XElement(Ns + "updated", StatusJson.Time(i.UpdatedAt)),
            new XElement(Ns + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", s.IncidentUrl(i))),
            new XElement(Ns + "category", new XAttribute("term", i.Service.Id), new XAttribute("label", i.Service.Name)),
            new XElement(Ns + "summary", $"{i.Service.Name}: {Labels.Impact(i.Impact)} — {state}"),
            new XElement(Ns + "content", new XAttribute("type", "html"), Content(i)));
    }

    /// <summary>The updates newest first, as escaped HTML (XElement escapes it once more for the XML).</summary>
    private static string Content(PublicIncident i)
    {
        var html = new StringBuilder();
        foreach (var u in i.Updates.Reverse())
            html.Append("<p><small>").Append(WebUtility.HtmlEncode(u.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</small><br><strong>").Append(WebUtility.HtmlEncode(Labels.Status(u.Status))).Append("</strong> - ")
                .Append(WebUtility.HtmlEncode(u.Body)).Append("</p>");
        return html.ToString();
    }
}
