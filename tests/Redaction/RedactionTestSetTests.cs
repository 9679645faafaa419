using System.Text.RegularExpressions;
using SupportBot.Redaction;
using SupportBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SupportBot.Tests.Redaction;

/// <summary>
/// The labelled corpus in redaction-testset.tsv (written by make_testset.py): log lines that carry one known secret
/// each — including the real-world forms that leaked (Unicode and full-width e-mail addresses, zero-width characters,
/// oddly grouped card numbers, lower-case IBANs, JWTs not starting eyJ, bare AWS secret keys, passwords in URLs
/// without a user) — and innocent lookalikes (versions, hashes, order numbers, numbers that fail the checksums).
/// Per kind: recall at least 99%, precision at least 95%.
/// </summary>
public sealed partial class RedactionTestSetTests(ITestOutputHelper output)
{
    private sealed record Row(string Class, string Secret, string Line)
    {
        public string Kind => KindOf(Class);
    }

    /// <summary>The kinds the issue names; each placeholder the redactor writes belongs to one.</summary>
    private static readonly string[] Kinds = ["email", "phone", "card", "iban", "ip", "token", "key", "password"];

    private static string KindOf(string label) => label switch
    {
        "jwt" or "bearer" or "token" or "github-token" or "slack-token" => "token",
        "aws-key" or "aws-secret" or "api-key" => "key",
        "password" or "secret" => "password",
        _ => label,
    };

    private static IReadOnlyList<Row> Load() =>
        File.ReadLines(Path.Combine(Fixtures.RepoRoot, "tests", "Redaction", "redaction-testset.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 3))
            .Select(p => new Row(p[0], p[1], p[2]))
            .ToList();

    [Fact]
    public void The_corpus_has_200_positive_and_200_negative_lines_across_every_kind()
    {
        var rows = Load();
        var positives = rows.Where(r => r.Class != "innocent").ToList();
        Assert.True(positives.Count >= 200, $"only {positives.Count} positive lines");
        Assert.True(rows.Count(r => r.Class == "innocent") >= 200, $"only {rows.Count(r => r.Class == "innocent")} negative lines");
        foreach (var kind in Kinds)
            Assert.True(positives.Count(r => r.Kind == kind) >= 10, $"fewer than 10 {kind} lines");
        Assert.All(positives, r => Assert.Contains(r.Secret, r.Line));
    }

    [Fact]
    public void Recall_is_at_least_99_percent_and_precision_at_least_95_percent_per_kind()
    {
        var rows = Load();
        var redacted = rows.Select(r => r.Line).Distinct().ToDictionary(l => l, BuiltInRedactor.Redact);
        var failures = new List<string>();
        foreach (var kind in Kinds)
        {
            var positives = rows.Where(r => r.Kind == kind).ToList();
            var caught = positives.Where(r => Removed(r, redacted[r.Line])).ToList();
            // A false positive: an innocent line that got a placeholder of this kind.
            var falsePositives = rows.Where(r => r.Class == "innocent" && Placeholders(redacted[r.Line]).Contains(kind)).ToList();
            var recall = (double)caught.Count / positives.Count;
            var precision = caught.Count == 0 ? 0 : (double)caught.Count / (caught.Count + falsePositives.Count);
            output.WriteLine($"{kind,-9} recall {caught.Count,3}/{positives.Count,-3} = {recall:P1}   precision {precision:P1} ({falsePositives.Count} false positives)");
            foreach (var miss in positives.Except(caught)) output.WriteLine($"  missed: {miss.Line}\n       → {redacted[miss.Line]}");
            foreach (var fp in falsePositives) output.WriteLine($"  false positive: {fp.Line}\n               → {redacted[fp.Line]}");
            if (recall < 0.99) failures.Add($"{kind}: recall {recall:P1} < 99%");
            if (precision < 0.95) failures.Add($"{kind}: precision {precision:P1} < 95%");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures) + " (details in the test output)");
    }

    /// <summary>The secret is gone (also in its normalized form) and a placeholder stands in its place.</summary>
    private static bool Removed(Row row, string redacted) =>
        !redacted.Contains(row.Secret) && !redacted.Contains(BuiltInRedactor.Normalize(row.Secret)) && Placeholders(redacted).Count > 0;

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => KindOf(m.Groups[1].Value)).ToHashSet();

    [GeneratedRegex(@"\[(email|phone|card|iban|ip|jwt|token|github-token|slack-token|aws-key|aws-secret|api-key|password|secret)\]")]
    private static partial Regex Placeholder();
}
