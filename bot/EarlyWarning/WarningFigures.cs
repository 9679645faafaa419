namespace SupportBot.EarlyWarning;

/// <summary>
/// How the warnings raised in a period [from, to) turned out: came true (an incident opened while they were out),
/// did not (recovered or dismissed), still out; and the median lead time of those that came true.
/// </summary>
public sealed record WarningFigures(int CameTrue, int DidNot, int StillOut, TimeSpan? MedianLead)
{
    public int Raised => CameTrue + DidNot + StillOut;

    public static WarningFigures Compute(IEnumerable<SignalWarning> warnings, DateTimeOffset from, DateTimeOffset to)
    {
        var raised = warnings.Where(w => w.RaisedAt >= from && w.RaisedAt < to).ToList();
        var leads = raised.Where(w => w.Status == WarningStatus.CameTrue && w.Lead is not null)
            .Select(w => w.Lead!.Value).Order().ToList();
        TimeSpan? median = leads.Count == 0 ? null
            : leads.Count % 2 == 1 ? leads[leads.Count / 2] : (leads[leads.Count / 2 - 1] + leads[leads.Count / 2]) / 2;
        return new WarningFigures(
            raised.Count(w => w.Status == WarningStatus.CameTrue),
            raised.Count(w => w.Status is WarningStatus.Recovered or WarningStatus.Dismissed),
            raised.Count(w => w.IsActive),
            median);
    }

    /// <summary>"3 raised: 2 came true (median lead 14 min), 1 did not"; null when none were raised.</summary>
    public string? Describe() => Raised == 0 ? null
        : $"{Raised} raised: {CameTrue} came true" + (MedianLead is { } lead ? $" (median lead {LeadText.Of(lead)})" : "")
          + $", {DidNot} did not" + (StillOut > 0 ? $", {StillOut} still out" : "");
}
