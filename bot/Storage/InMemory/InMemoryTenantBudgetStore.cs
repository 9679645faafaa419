using SupportBot.Outbox;

namespace SupportBot.Storage.InMemory;

/// <summary>The embedded tenant budgets: the same rules as in Redis, for the instances of this process only.</summary>
public sealed class InMemoryTenantBudgetStore : ITenantBudgetStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Budget> _tenants = new(StringComparer.Ordinal);

    public Task<TenantTake> TryTakeAsync(string tenant, string sendId, DateTimeOffset now, DateTimeOffset bound, int limit, TimeSpan window, bool urgent, CancellationToken ct)
    {
        lock (_gate)
        {
            var budget = BudgetOf(tenant);
            if (budget.PausedUntil > now) return Task.FromResult(TenantTake.NotBefore(budget.PausedUntil));
            // Counted while at or after the window's start (edges included); older ones are gone for good.
            foreach (var old in budget.Sends.Where(s => s.Value < now - window).Select(s => s.Key).ToList()) budget.Sends.Remove(old);
            // An urgent send that has not asked again a window after it was to has given up waiting.
            foreach (var gone in budget.UrgentWaiting.Where(w => w.Value < now - window).Select(w => w.Key).ToList()) budget.UrgentWaiting.Remove(gone);
            if (!urgent && budget.UrgentWaiting.Count > 0)
                return Task.FromResult(TenantTake.YieldedUntil(TenantBudget.AfterUrgent(budget.UrgentWaiting.Values.Max(), now, window)));
            var places = urgent ? limit : TenantBudget.ForOthers(limit);
            if (budget.Sends.Count >= places)
            {
                var next = TenantBudget.NextPlace(budget.Sends.Values.OrderDescending().ElementAt(places - 1), now, window);
                if (urgent) budget.UrgentWaiting[sendId] = next;
                return Task.FromResult(TenantTake.NotBefore(next));
            }
            budget.Sends[sendId] = bound;
            budget.UrgentWaiting.Remove(sendId);
            return Task.FromResult(TenantTake.Granted);
        }
    }

    public Task SettleAsync(string tenant, string sendId, DateTimeOffset? at, CancellationToken ct)
    {
        lock (_gate)
        {
            var budget = BudgetOf(tenant);
            if (at is not { } when) budget.Sends.Remove(sendId);
            else if (budget.Sends.ContainsKey(sendId)) budget.Sends[sendId] = when;
            return Task.CompletedTask;
        }
    }

    public Task RecordAsync(string tenant, DateTimeOffset at, int count, CancellationToken ct)
    {
        lock (_gate)
        {
            var budget = BudgetOf(tenant);
            foreach (var old in budget.Sends.Where(s => s.Value < at - TenantBudget.Kept).Select(s => s.Key).ToList()) budget.Sends.Remove(old);
            for (var i = 0; i < count; i++) budget.Sends[Guid.NewGuid().ToString("N")] = at;
            return Task.CompletedTask;
        }
    }

    public Task PauseAsync(string tenant, DateTimeOffset until, CancellationToken ct)
    {
        lock (_gate)
        {
            var budget = BudgetOf(tenant);
            if (until > budget.PausedUntil) budget.PausedUntil = until;
            return Task.CompletedTask;
        }
    }

    private Budget BudgetOf(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var budget)) _tenants[tenant] = budget = new Budget();
        return budget;
    }

    private sealed class Budget
    {
        public Dictionary<string, DateTimeOffset> Sends { get; } = new(StringComparer.Ordinal);
        public DateTimeOffset PausedUntil { get; set; }

        /// <summary>Urgent sends refused a place, and when each is to ask again.</summary>
        public Dictionary<string, DateTimeOffset> UrgentWaiting { get; } = new(StringComparer.Ordinal);
    }
}
