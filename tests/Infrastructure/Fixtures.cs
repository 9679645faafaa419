using System.Text;

namespace SupportBot.Tests.Infrastructure;

/// <summary>The real payloads from the monitoring systems' own docs and code, kept in ../shared/fixtures.</summary>
public static class Fixtures
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Directory
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "fixtures"));
            // The repository ships copies in samples/ for users; the shared originals win when present.
            return System.IO.Directory.Exists(shared) ? shared : Path.Combine(RepoRoot, "samples");
        }
    }

    public static string Text(string name) => File.ReadAllText(Path.Combine(Directory, name));

    public static StringContent Json(string name) => new(Text(name), Encoding.UTF8, "application/json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Could not find SupportBot.sln above " + AppContext.BaseDirectory);
    }
}
