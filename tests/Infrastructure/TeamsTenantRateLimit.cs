using System.Diagnostics;

namespace SupportBot.Tests.Infrastructure;

/// <summary>
/// Teams' per-app, per-tenant limit (50 requests/s documented; a test may set fewer), enforced exactly for the Bot
/// Connector stand-in: a call that would make the tenant's calls in any window of one second (edges included) exceed
/// the limit is answered 429 and not delivered. The tenant is the one the activity names (conversation.tenantId or
/// channelData.tenant.id); activities naming none share one budget. Real time (Stopwatch).
/// </summary>
public sealed class TeamsTenantRateLimit(int perSecond = 50)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Queue<long>> _taken = [];
    private readonly Dictionary<string, int> _rejectedByTenant = [];
    private int _rejected;

    public int PerSecond => perSecond;
    public int Rejected => Volatile.Read(ref _rejected);

    public int RejectedFor(string tenant)
    {
        lock (_taken) return _rejectedByTenant.GetValueOrDefault(tenant);
    }

    /// <summary>Use as <see cref="ConnectorStandIn.Fault"/> (or before a per-conversation check): null lets the call through, else 429 with Retry-After: 1.</summary>
    public (int Status, int? RetryAfterSeconds)? Check(ConnectorCall call) => TryTake(TenantOf(call)) ? null : (429, 1);

    public static string TenantOf(ConnectorCall call) =>
        call.Body.SelectToken("conversation.tenantId")?.ToString() is { Length: > 0 } tenant ? tenant
        : call.Body.SelectToken("channelData.tenant.id")?.ToString() ?? "";

    public bool TryTake(string tenant)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_taken)
        {
            if (!_taken.TryGetValue(tenant, out var times)) _taken[tenant] = times = new Queue<long>();
            while (times.Count > 0 && Stopwatch.GetElapsedTime(times.Peek(), now) > Window) times.Dequeue();
            if (times.Count >= perSecond)
            {
                Interlocked.Increment(ref _rejected);
                _rejectedByTenant[tenant] = _rejectedByTenant.GetValueOrDefault(tenant) + 1;
                return false;
            }
            times.Enqueue(now);
            return true;
        }
    }
}
