using SupportBot.Redaction;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SupportBot.Tests.Redaction;

/// <summary>
/// The labelled set in redaction-testset.tsv: log lines that carry one known secret each, and innocent lookalikes
/// (versions, timestamps, UUIDs, hashes, order numbers). Every secret must go (recall 100% per class); precision is
/// reported, and must stay high enough that reps still get readable logs.
/// </summary>
public sealed class RedactionTestSetTests(ITestOutputHelper output)
{
    private sealed record Row(string Class, string Secret, string Line);

    private static IReadOnlyList<Row> Load() =>
        File.ReadLines(Path.Combine(Fixtures.RepoRoot, "tests", "Redaction", "redaction-testset.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 3))
            .Select(p => new Row(p[0], p[1], p[2]))
            .ToList();

    [Fact]
    public void The_set_has_at_least_200_lines_with_every_secret_class_and_innocent_lookalikes()
    {
        var rows = Load();
        Assert.True(rows.Count >= 200, $"only {rows.Count} lines");
        var classes = rows.Select(r => r.Class).ToHashSet();
        foreach (var expected in new[] { "email", "phone", "ip", "card", "iban", "jwt", "bearer", "aws-key", "github-token", "slack-token", "password", "innocent" })
            Assert.Contains(expected, classes);
        Assert.All(rows.Where(r => r.Class != "innocent"), r => Assert.Contains(r.Secret, r.Line));
        Assert.True(rows.Count(r => r.Class == "innocent") >= 80);
    }

    [Fact]
    public void Every_secret_is_removed_and_precision_is_reported()
    {
        var rows = Load();
        var misses = new List<string>();
        var falsePositives = new List<string>();
        var truePositives = 0;
        foreach (var row in rows)
        {
            var redacted = BuiltInRedactor.Redact(row.Line);
            if (row.Class == "innocent")
            {
                if (redacted != row.Line) falsePositives.Add($"  {row.Line}\n    → {redacted}");
            }
            else if (redacted.Contains(row.Secret) || !redacted.Contains('['))
            {
                misses.Add($"  [{row.Class}] {row.Line}\n    → {redacted}");
            }
            else
            {
                truePositives++;
            }
        }

        foreach (var group in rows.Where(r => r.Class != "innocent").GroupBy(r => r.Class).OrderBy(g => g.Key))
        {
            var caught = group.Count(r => !BuiltInRedactor.Redact(r.Line).Contains(r.Secret));
            output.WriteLine($"recall {group.Key,-13} {caught,3}/{group.Count(),-3} = {100.0 * caught / group.Count():F1}%");
        }
        var precision = (double)truePositives / (truePositives + falsePositives.Count);
        var innocent = rows.Count(r => r.Class == "innocent");
        output.WriteLine($"precision {precision:P1}: {truePositives} secret lines redacted, {falsePositives.Count} of {innocent} innocent lines changed");
        foreach (var fp in falsePositives) output.WriteLine("false positive:\n" + fp);

        Assert.True(misses.Count == 0, "Secrets left in the output:\n" + string.Join("\n", misses));
        Assert.True(precision >= 0.95, $"precision {precision:P1} is below 95%:\n" + string.Join("\n", falsePositives));
    }
}
