using SupportBot.Sources.Auth;
using SupportBot.Sources.Generic;

namespace SupportBot.Sources;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Largest accepted webhook body; larger ones get 413 (and a warning in the log naming the source and size).
    /// Generous on purpose: Alertmanager sends a whole group in one body (200 alerts with long descriptions pass
    /// 1 MiB) and never retries a 4xx, so a refused group is lost.
    /// </summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    public const int DefaultMaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Credentials for every source that has no <c>Auth</c> of its own.</summary>
    public WebhookAuthOptions? Auth { get; set; }

    /// <summary>Per-source settings by the {source} name of the URL; generic sources are declared here.</summary>
    public Dictionary<string, SourceOptions> Sources { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public SourceOptions For(string source) => Sources.GetValueOrDefault(source) ?? SourceOptions.Default;

    /// <summary>The credentials that apply to <paramref name="source"/>: its own, else the shared ones.</summary>
    public WebhookAuthOptions? AuthFor(string source) => For(source).Auth ?? Auth;
}

/// <summary>Settings of one source (Webhooks:Sources:&lt;name&gt;).</summary>
public sealed class SourceOptions
{
    public static readonly SourceOptions Default = new();

    /// <summary>A disabled source answers 404 like an unknown one.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>"generic" declares a source of arbitrary JSON read through <see cref="Mapping"/>; empty for the built-in sources.</summary>
    public string? Type { get; set; }

    public WebhookAuthOptions? Auth { get; set; }

    /// <summary>Label, tag or field names that name the affected service, most preferred first; empty: the source's conventions.</summary>
    public List<string> ServiceFields { get; set; } = [];

    /// <summary>The source's own severity values mapped onto critical, major, minor or info; consulted before the source's conventions.</summary>
    public Dictionary<string, string> Severities { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For generic sources: where in the JSON each field of an alert is.</summary>
    public GenericMapping? Mapping { get; set; }

    public bool IsGeneric => string.Equals(Type, GenericSource.TypeName, StringComparison.OrdinalIgnoreCase);
}
