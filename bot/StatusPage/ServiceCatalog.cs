namespace SupportBot.StatusPage;

/// <summary>The public services from configuration, in display order; lookups by the name alerts use.</summary>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, PublicService> _byId;

    public ServiceCatalog(IEnumerable<PublicServiceOptions> services)
    {
        All = services
            .Where(s => !string.IsNullOrWhiteSpace(s.Service))
            .DistinctBy(s => s.Service.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select((s, i) => new PublicService(s.Service.Trim(), string.IsNullOrWhiteSpace(s.Name) ? s.Service.Trim() : s.Name.Trim(), i + 1))
            .ToList();
        _byId = All.ToDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<PublicService> All { get; }

    public PublicService? Find(string service) => _byId.GetValueOrDefault(service);
}
