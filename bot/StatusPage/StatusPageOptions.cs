namespace SupportBot.StatusPage;

/// <summary>The "StatusPage" section: the page's name and which services the public may see, under which names.</summary>
public sealed class StatusPageOptions
{
    public const string Section = "StatusPage";

    public string Title { get; set; } = "Service status";

    /// <summary>Where the public reaches the bot (for feed ids and links); empty: the request's own scheme and host.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Public services in display order. Incidents of any other service never appear on public pages.</summary>
    public List<PublicServiceOptions> Services { get; set; } = [];

    public int HistoryDays { get; set; } = 30;

    /// <summary>max-age of the public responses: short, so that browsers and proxies revalidate often (ETag).</summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>Requests one client address may make to the public pages per minute; more get 429 with Retry-After.</summary>
    public int RequestsPerMinute { get; set; } = 300;
}

public sealed class PublicServiceOptions
{
    /// <summary>The service as alerts name it (Alertmanager's `service` label).</summary>
    public string Service { get; set; } = "";

    /// <summary>What customers call it.</summary>
    public string Name { get; set; } = "";
}
