using Microsoft.Extensions.Options;
using SupportBot.Incidents;

namespace SupportBot.Questions;

/// <summary>Resolves what a rep typed ("checkout", "Payments", "chekout") to a known service.</summary>
public sealed class ServiceDirectory(IIncidentStore incidents, IOptions<QuestionsOptions> options)
{
    private static readonly string[] CommonSuffixes = ["-api", "-service", "-svc", "-app", "-web", "-worker", "api", "service"];

    /// <summary>Services from configuration and from every incident the bot knows, configuration first.</summary>
    public async Task<IReadOnlyList<string>> KnownAsync(CancellationToken ct)
    {
        var names = new List<string>(options.Value.Services.Keys);
        foreach (var service in await incidents.ListServicesAsync(ct))
            if (!names.Contains(service, StringComparer.OrdinalIgnoreCase)) names.Add(service);
        return names;
    }

    public async Task<ServiceMatch> ResolveAsync(string typed, CancellationToken ct) =>
        Resolve(typed, await KnownAsync(ct), options.Value.Services);

    public string DisplayName(string service) =>
        options.Value.Services.TryGetValue(service, out var o) && !string.IsNullOrWhiteSpace(o.DisplayName) ? o.DisplayName! : service;

    /// <summary>Exact name or alias; then a name less a common suffix ("checkout" → "checkout-api"); then a unique prefix; else the nearest by edit distance as a suggestion.</summary>
    public static ServiceMatch Resolve(string typed, IReadOnlyList<string> known, IReadOnlyDictionary<string, ServiceOptions> configured)
    {
        var word = Canonical(typed);
        if (word.Length == 0) return new ServiceMatch.Unknown(typed, known);

        var candidates = new List<(string Name, string Key)>();
        foreach (var name in known)
        {
            candidates.Add((name, Canonical(name)));
            if (configured.TryGetValue(name, out var o))
                candidates.AddRange(o.Aliases.Select(a => (name, Canonical(a))));
        }

        var exact = candidates.Where(c => c.Key == word).Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (exact.Count == 1) return new ServiceMatch.Found(exact[0]);

        var stem = candidates.Where(c => StripSuffix(c.Key) == word).Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (stem.Count == 1) return new ServiceMatch.Found(stem[0]);
        if (stem.Count > 1) return new ServiceMatch.Ambiguous(typed, stem);

        if (word.Length >= 3)
        {
            var prefix = candidates.Where(c => c.Key.StartsWith(word, StringComparison.Ordinal)).Select(c => c.Name)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (prefix.Count == 1) return new ServiceMatch.Found(prefix[0]);
            if (prefix.Count > 1) return new ServiceMatch.Ambiguous(typed, prefix);
        }

        var nearest = candidates
            .Select(c => (c.Name, Distance: Math.Min(EditDistance.Between(word, c.Key), EditDistance.Between(word, StripSuffix(c.Key)))))
            .OrderBy(c => c.Distance).FirstOrDefault();
        var allowed = word.Length <= 4 ? 1 : word.Length <= 8 ? 2 : 3;
        return nearest.Name is not null && nearest.Distance <= allowed
            ? new ServiceMatch.Suggestion(typed, nearest.Name)
            : new ServiceMatch.Unknown(typed, known);
    }

    /// <summary>Lower case, spaces and underscores as hyphens: "Checkout API" and "checkout_api" are "checkout-api".</summary>
    internal static string Canonical(string s) =>
        string.Join('-', s.Trim().ToLowerInvariant().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));

    private static string StripSuffix(string key)
    {
        foreach (var suffix in CommonSuffixes)
            if (key.Length > suffix.Length + 1 && key.EndsWith(suffix, StringComparison.Ordinal)) return key[..^suffix.Length].TrimEnd('-');
        return key;
    }
}

public abstract record ServiceMatch
{
    public sealed record Found(string Service) : ServiceMatch;
    public sealed record Suggestion(string Typed, string Nearest) : ServiceMatch;
    public sealed record Ambiguous(string Typed, IReadOnlyList<string> Candidates) : ServiceMatch;
    public sealed record Unknown(string Typed, IReadOnlyList<string> Known) : ServiceMatch;
}
