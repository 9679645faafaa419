using System.Text.RegularExpressions;

namespace SupportBot.StatusPage;

/// <summary>
/// A safety net for text that came from monitoring (alert summaries become incident titles): anything that
/// looks like a machine name, an address or a port is not shown to the public.
/// </summary>
public static partial class PublicText
{
    public static bool LooksInternal(string text) =>
        Ipv4().IsMatch(text) || HostAndPort().IsMatch(text) || DottedHost().IsMatch(text) || Localhost().IsMatch(text);

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}\b")]
    private static partial Regex Ipv4();

    [GeneratedRegex(@"\b[a-z][\w-]*(\.[\w-]+)*:\d{2,5}\b", RegexOptions.IgnoreCase)]
    private static partial Regex HostAndPort();

    /// <summary>db-1.prod.internal, checkout-7f9c.svc.cluster.local: two dots or more, ending in letters.</summary>
    [GeneratedRegex(@"\b[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+\.[a-z]{2,}\b", RegexOptions.IgnoreCase)]
    private static partial Regex DottedHost();

    [GeneratedRegex(@"\blocalhost\b", RegexOptions.IgnoreCase)]
    private static partial Regex Localhost();
}
