using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace SupportBot.Tests.Architecture;

/// <summary>
/// The folders of bot/ (one concept each) and which way they may depend on each other: data flows
/// source → alert → incident → notifier → outbox → channel, and the bot's chat side reads incidents and answers through
/// the presenter. The table is the architecture; <see cref="FolderDependencyTests"/> checks the compiled code against it,
/// and README's "How it works" shows it as a Mermaid graph.
/// </summary>
public static class FolderDependencies
{
    /// <summary>Every folder and the folders it may use. Cards is the cards/ project (formats only, depends on nothing of ours).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["Alerts"] = [],
        ["Redaction"] = ["Caching", "OutgoingCalls", "Telemetry"],
        ["Channels"] = ["Alerts"],
        ["Coordination"] = [],
        ["Storage"] = [],
        ["Access"] = [],
        ["Hosting"] = [],
        ["Telemetry"] = ["Alerts"],
        ["Caching"] = ["Telemetry"],
        ["OutgoingCalls"] = ["Telemetry"],
        ["Health"] = ["Storage/Redis"],
        ["Sources"] = ["Alerts", "Incidents", "Access"],
        ["Incidents"] = ["Alerts", "Telemetry"],
        ["EarlyWarning"] = ["Incidents", "Coordination", "Telemetry"],
        ["Presentation"] = ["Incidents", "Alerts", "Cards", "Redaction", "Channels", "EarlyWarning"],
        ["Outbox"] = ["Channels", "Storage", "Telemetry"],
        ["Notifications"] = ["Incidents", "Presentation", "Cards", "Outbox", "Channels", "Coordination", "EarlyWarning"],
        ["Logs"] = ["Incidents", "Cards", "Redaction", "Caching", "OutgoingCalls", "Telemetry"],
        ["Conversation"] = ["Incidents", "Presentation", "Cards", "Channels", "Telemetry", "EarlyWarning"],
        ["OnCall"] = ["Conversation", "Incidents", "Alerts", "Presentation", "Cards", "Channels", "Coordination", "EarlyWarning"],
        ["Questions"] = ["Conversation", "Incidents", "Alerts", "Presentation", "Cards", "Channels", "Logs", "Redaction"],
        ["Digests"] = ["Conversation", "Incidents", "Alerts", "Presentation", "Cards", "Channels", "Outbox", "Coordination", "Telemetry", "EarlyWarning"],
        ["StatusPage"] = ["Incidents", "Alerts"],
        ["Api"] = ["Incidents", "Alerts", "Access", "Redaction"],
        ["DevPage"] = ["Incidents", "Alerts", "Presentation", "Cards", "Digests"],
        ["Storage/InMemory"] = ["Incidents", "Outbox", "Channels", "Digests", "Coordination", "Sources", "EarlyWarning"],
        ["Storage/Redis"] = ["Storage", "Incidents", "Outbox", "Channels", "Digests", "Coordination", "Sources", "EarlyWarning"],
        ["Storage/Setup"] = ["Storage", "Storage/InMemory", "Storage/Redis", "Incidents", "Outbox", "Channels", "Digests", "Coordination", "Telemetry", "Sources", "EarlyWarning"],
    };

    /// <summary>The chat skills: folders nothing else may depend on (but the page that shows every card, DevPage).</summary>
    public static readonly string[] Skills = ["OnCall", "Questions", "Digests"];

    /// <summary>The folder a namespace belongs to: SupportBot.Storage.Redis → "Storage/Redis", SupportBot.Sources.Zabbix → "Sources".</summary>
    public static string? FolderOf(string? ns)
    {
        if (ns is null || !ns.StartsWith("SupportBot.", StringComparison.Ordinal)) return null;
        var parts = ns.Split('.');
        if (parts[1] is "Tests" or "Bench") return null;
        return parts[1] == "Storage" && parts.Length > 2 ? $"Storage/{parts[2]}" : parts[1];
    }

    private static readonly Lazy<IReadOnlyDictionary<(string From, string To), string>> Compiled = new(() =>
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(SupportBot.Incidents.Incident).Assembly).Build();
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in architecture.Types)
        {
            var from = FolderOf(type.Namespace.FullName);
            if (from is null) continue;
            foreach (var dependency in type.Dependencies)
            {
                var to = FolderOf(dependency.Target?.Namespace?.FullName); // generic parameters have no namespace
                if (to is null || to == from) continue;
                edges.TryAdd((from, to), $"{type.FullName} → {dependency.Target?.FullName}");
            }
        }
        return edges;
    });

    /// <summary>Every folder-to-folder dependency in the compiled bot, each with one example (type → type) that makes it.</summary>
    public static IReadOnlyDictionary<(string From, string To), string> InCode => Compiled.Value;

    /// <summary>The allowed directions as a Mermaid graph, as README shows it.</summary>
    public static string Mermaid()
    {
        var lines = new List<string> { "```mermaid", "graph TD" };
        foreach (var (from, targets) in Allowed)
            foreach (var to in targets)
                lines.Add($"  {Id(from)}[{from}/] --> {Id(to)}[{(to == "Cards" ? "cards/" : to + "/")}]");
        lines.Add("```");
        return string.Join("\n", lines);

        static string Id(string folder) => folder.Replace("/", "");
    }
}
