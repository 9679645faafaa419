using SupportBot.Tests.Infrastructure;

namespace SupportBot.Tests.Shipping;

/// <summary>README's one test command: test.sh says what it will install (npm too when none is found), and CI runs it.</summary>
public sealed class TestCommandTests
{
    private static readonly string Script = Path.Combine(Fixtures.RepoRoot, "test.sh");

    [Fact]
    public async Task Without_npm_on_the_path_test_sh_says_it_will_install_npm()
    {
        // A PATH with dpkg and the few tools the script uses, but no npm (as on a stock Debian with only nodejs).
        var bin = Directory.CreateTempSubdirectory("supportbot-path-").FullName;
        try
        {
            foreach (var tool in new[] { "dpkg", "dirname", "id" })
                File.CreateSymbolicLink(Path.Combine(bin, tool), Which(tool));

            var (exit, output) = await ExternalProcess.RunAsync("/bin/bash", ["-c", $"PATH={bin} /bin/bash {Script} --check"],
                Fixtures.RepoRoot, TimeSpan.FromMinutes(1));

            Assert.True(exit == 0, output);
            Assert.Matches(@"test\.sh: will install with apt-get: .*\bnpm\b", output);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [Fact]
    public async Task On_this_machine_test_sh_finds_everything_installed()
    {
        var (exit, output) = await ExternalProcess.RunAsync("/bin/bash", [Script, "--check"], Fixtures.RepoRoot, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);
        Assert.Contains("everything the tests need is installed", output);
    }

    [Fact]
    public void Ci_and_the_readme_both_run_test_sh()
    {
        var ci = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, ".ci", "run"));
        Assert.Contains("./test.sh", ci);
        Assert.Contains("tests/container-test.sh", ci);   // the container image, built and run (README "A container")
        var readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
        var section = readme[readme.IndexOf("## Run the tests", StringComparison.Ordinal)..];
        Assert.StartsWith("./test.sh", section[(section.IndexOf("```bash\n", StringComparison.Ordinal) + 8)..]);
        foreach (var package in new[] { "redis-server", "chromium", "prometheus", "nodejs", "npm" }) Assert.Contains($"`{package}`", section);
    }

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, tool)).First(File.Exists);
}
