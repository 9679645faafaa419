namespace SupportBot.Channels;

/// <summary>
/// Which channel service URLs the bot talks to (Bot:AllowedServiceUrls). An activity names the URL the bot answers
/// at; a stranger's URL would make the bot send incidents to the stranger. Patterns are URL prefixes whose host may
/// start with "*." for any subdomain: https://smba.trafficmanager.net/ or https://*.botframework.com/.
/// </summary>
public sealed class ServiceUrlPolicy
{
    /// <summary>The Bot Connector hosts Microsoft documents: Teams (public cloud, GCC, GCC High, DoD) and the other channels.</summary>
    public static readonly string[] MicrosoftServiceUrls =
    [
        "https://smba.trafficmanager.net/",
        "https://smba.infra.gcc.teams.microsoft.com/",
        "https://smba.infra.gov.teams.microsoft.us/",
        "https://smba.infra.dod.teams.microsoft.us/",
        "https://*.botframework.com/",
    ];

    private const string AnySubdomain = "*.";
    private readonly IReadOnlyList<(Uri Url, bool AnySubdomain)> _patterns;
    private readonly bool _allowLoopback;

    public ServiceUrlPolicy(IEnumerable<string> patterns, bool allowLoopback)
    {
        _patterns = patterns.Select(p => TryParse(p) ?? throw new ArgumentException(Problem(p), nameof(patterns))).ToList();
        _allowLoopback = allowLoopback;
    }

    /// <summary>Why a pattern cannot be used, or null; for the startup check.</summary>
    public static string? Problem(string pattern) => TryParse(pattern) is null
        ? $"'{pattern}' is not an absolute https (or http) URL such as https://smba.trafficmanager.net/ or https://*.botframework.com/"
        : null;

    public bool Allows(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.UserInfo.Length > 0)
            return false;
        if (_allowLoopback && url.IsLoopback) return true;
        return _patterns.Any(p => Matches(p.Url, p.AnySubdomain, url));
    }

    private static bool Matches(Uri pattern, bool anySubdomain, Uri url)
    {
        if (!string.Equals(pattern.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase) || pattern.Port != url.Port) return false;
        var hostMatches = anySubdomain
            ? url.Host.EndsWith("." + pattern.Host, StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern.Host, url.Host, StringComparison.OrdinalIgnoreCase);
        var path = pattern.AbsolutePath.EndsWith('/') ? pattern.AbsolutePath : pattern.AbsolutePath + "/";
        return hostMatches && (url.AbsolutePath.TrimEnd('/') + "/").StartsWith(path, StringComparison.OrdinalIgnoreCase);
    }

    private static (Uri, bool)? TryParse(string pattern)
    {
        var schemeEnd = pattern.IndexOf("://", StringComparison.Ordinal);
        var anySubdomain = schemeEnd > 0 && pattern.AsSpan(schemeEnd + 3).StartsWith(AnySubdomain);
        var concrete = anySubdomain ? pattern.Remove(schemeEnd + 3, AnySubdomain.Length) : pattern;
        return Uri.TryCreate(concrete, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" && url.Host.Length > 0 && url.UserInfo.Length == 0
            ? (url, anySubdomain)
            : null;
    }
}
