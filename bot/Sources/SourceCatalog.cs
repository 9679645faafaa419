using Microsoft.Extensions.Options;
using SupportBot.Sources.Generic;

namespace SupportBot.Sources;

/// <summary>The sources that answer at /api/webhooks/{source}: the enabled built-in ones and the configured generic ones.</summary>
public sealed class SourceCatalog
{
    private readonly Dictionary<string, IAlertSource> _sources = new(StringComparer.OrdinalIgnoreCase);

    public SourceCatalog(IEnumerable<IAlertSource> builtIn, IOptions<WebhookOptions> options)
    {
        var webhooks = options.Value;
        foreach (var source in builtIn)
            if (webhooks.For(source.Name).Enabled) _sources[source.Name] = source;
        foreach (var (name, settings) in webhooks.Sources)
            if (settings.IsGeneric && settings.Enabled) _sources[name] = new GenericSource(name);
    }

    public IAlertSource? Find(string name) => _sources.GetValueOrDefault(name);

    public IEnumerable<string> Names => _sources.Keys.Order(StringComparer.Ordinal);
}
