namespace SupportBot.Cards;

/// <summary>
/// A link from outside as it may appear in a card's markup: absolute http(s) only, normalized and percent-encoded
/// (<see cref="Uri.AbsoluteUri"/>), and with the characters that end a Slack link (<c>|</c>, <c>&gt;</c>) or a markdown
/// link (<c>)</c>) encoded as well, so no URL can close the link it sits in and add markup of its own.
/// </summary>
public static class SafeLink
{
    /// <summary>The URL to emit, or null for anything that is not an absolute http(s) URL.</summary>
    public static string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        if (string.IsNullOrEmpty(uri.Host)) return null;
        var absolute = uri.AbsoluteUri;
        var authorityEnd = absolute.IndexOf('/', uri.Scheme.Length + 3);
        if (authorityEnd < 0) return absolute;
        var rest = new System.Text.StringBuilder(absolute.Length);
        foreach (var c in absolute.AsSpan(authorityEnd))
            rest.Append(c switch
            {
                '|' => "%7C", '<' => "%3C", '>' => "%3E", '(' => "%28", ')' => "%29", '[' => "%5B", ']' => "%5D",
                ' ' => "%20", '"' => "%22", '\\' => "%5C", '^' => "%5E", '`' => "%60", '{' => "%7B", '}' => "%7D",
                '*' => "%2A",
                _ => c.ToString(),
            });
        return absolute[..authorityEnd] + rest;
    }
}
