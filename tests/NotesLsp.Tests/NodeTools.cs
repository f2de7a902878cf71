namespace NotesLsp.Tests;

/// <summary>Node-based validators in tests/tools, installed with npm on first use (the npm registry is reachable in CI).</summary>
public static class NodeTools
{
    private static readonly Lazy<string> Validator = new(Install);

    public static string SarifValidator => Validator.Value;

    private static string Install()
    {
        var tools = Path.Combine(TestData.RepoRoot, "tests", "tools");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "@microsoft", "jest-sarif")))
        {
            var (code, stdout, stderr) = Cli.RunProcess("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], tools);
            if (code != 0)
            {
                throw new InvalidOperationException($"npm ci in tests/tools failed: {stdout}\n{stderr}");
            }
        }

        return Path.Combine(tools, "validate-sarif.cjs");
    }
}
