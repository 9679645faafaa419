using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Architecture;

/// <summary>bot/'s folders depend on each other one way only, in the directions <see cref="FolderDependencies.Allowed"/> states.</summary>
public sealed class FolderDependencyTests
{
    [Fact]
    public void No_two_folders_depend_on_each_other_directly_or_through_others()
    {
        var cycle = FindCycle(FolderDependencies.InCode.Keys);
        Assert.True(cycle is null, $"bot/ folders depend on each other in a loop: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void Every_folder_dependency_goes_in_an_allowed_direction()
    {
        var unknown = FolderDependencies.InCode.Keys.SelectMany(e => new[] { e.From, e.To })
            .Where(f => f != "Cards" && !FolderDependencies.Allowed.ContainsKey(f)).Distinct().ToList();
        Assert.True(unknown.Count == 0, $"Folders missing from FolderDependencies.Allowed (say which way they may depend): {string.Join(", ", unknown)}");

        var wrong = FolderDependencies.InCode
            .Where(e => !FolderDependencies.Allowed[e.Key.From].Contains(e.Key.To))
            .Select(e => $"{e.Key.From} → {e.Key.To} (e.g. {e.Value})").ToList();
        Assert.True(wrong.Count == 0, "Dependencies against the allowed direction:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_allowed_directions_themselves_have_no_loop_and_nothing_depends_on_a_skill()
    {
        var edges = FolderDependencies.Allowed.SelectMany(kv => kv.Value.Select(to => (kv.Key, to)));
        Assert.Null(FindCycle(edges));
        var onSkills = FolderDependencies.Allowed
            .SelectMany(kv => kv.Value.Where(FolderDependencies.Skills.Contains).Select(to => $"{kv.Key} → {to}"))
            .Where(e => !e.StartsWith("DevPage ", StringComparison.Ordinal) && !e.StartsWith("Storage/", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(onSkills);
    }

    [Fact]
    public void Readme_shows_the_dependency_graph_this_test_enforces()
    {
        var readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(FolderDependencies.Mermaid(), readme);
    }

    [Fact]
    public void The_check_sees_a_loop_when_there_is_one()
    {
        Assert.Equal(["A", "B", "C", "A"], FindCycle([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]));
        Assert.Null(FindCycle([("A", "B"), ("B", "C"), ("A", "C")]));
        // And it reads the compiled bot: what each folder really uses, method bodies included.
        Assert.Contains(("Outbox", "Channels"), FolderDependencies.InCode.Keys);          // OutboxDelivery calls the messenger
        Assert.Contains(("Storage/Redis", "Incidents"), FolderDependencies.InCode.Keys);  // RedisIncidentStore implements IIncidentStore
        Assert.Contains(("Notifications", "Presentation"), FolderDependencies.InCode.Keys);
        Assert.DoesNotContain(("Outbox", "Incidents"), FolderDependencies.InCode.Keys);
    }

    /// <summary>A loop in the graph, as the path that closes it, or null.</summary>
    private static List<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, bool>(); // false: on the current path, true: done
        var path = new List<string>();
        foreach (var start in next.Keys.Order(StringComparer.Ordinal))
            if (Visit(start) is { } cycle) return cycle;
        return null;

        List<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var done))
                return done ? null : [.. path.Skip(path.IndexOf(node)), node];
            state[node] = false;
            path.Add(node);
            foreach (var to in next.GetValueOrDefault(node) ?? [])
                if (Visit(to) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = true;
            return null;
        }
    }

}
