using System.Text.Json;
using NotesLsp.Analysis;

namespace NotesLsp.Tests;

public sealed class PackagingTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("notes-pack-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void Dotnet_tool_installs_from_the_local_package_and_checks_the_seeds()
    {
        var packages = Path.Combine(temp, "packages");
        var pack = Cli.RunProcess("dotnet", ["pack", Path.Combine(TestData.RepoRoot, "src", "NotesLsp", "NotesLsp.csproj"), "-c", "Release", "-o", packages, "-p:NuGetAudit=false"], temp);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var nupkg = Assert.Single(Directory.GetFiles(packages, "NotesLsp.*.nupkg"));

        var tools = Path.Combine(temp, "tools");
        var install = Cli.RunProcess("dotnet", ["tool", "install", "NotesLsp", "--tool-path", tools, "--add-source", packages, "--version", Path.GetFileNameWithoutExtension(nupkg)["NotesLsp.".Length..]], temp);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        var run = Cli.RunProcess(Path.Combine(tools, "notes-lsp"), ["check", "seeds", "--format", "json"], TestData.RepoRoot);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        Assert.Equal(78, json.RootElement.GetProperty("summary").GetProperty("entries").GetInt32());
    }

    [Fact]
    public void Configuration_schema_names_every_rule_by_code_and_name()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "schema", "notes-lsp.schema.json")));
        var ruleKeys = schema.RootElement.GetProperty("properties").GetProperty("rules").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var expected = Rules.All.SelectMany(r => new[] { r.Code, r.Name }).ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), ruleKeys.Order(StringComparer.Ordinal));
        var severities = schema.RootElement.GetProperty("definitions").GetProperty("severity").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        Assert.All(severities, s => Assert.True(Rules.TryParseSeverity(s, out _), s));
    }

    [Fact]
    public void Schema_and_readme_rule_table_are_what_the_rules_generate()
    {
        var schema = Cli.Run(TestData.RepoRoot, "rule", "--schema");
        Assert.Equal(0, schema.ExitCode);
        Assert.Equal(schema.Stdout, File.ReadAllText(Path.Combine(TestData.RepoRoot, "schema", "notes-lsp.schema.json")));

        var table = Cli.Run(TestData.RepoRoot, "rule", "--markdown");
        var readme = File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"));
        var begin = readme.IndexOf("<!-- rules:begin", StringComparison.Ordinal);
        var start = readme.IndexOf('\n', begin) + 1;
        var end = readme.IndexOf("<!-- rules:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > start, "README has no rules:begin/rules:end markers");
        Assert.Equal(table.Stdout, readme[start..end]);
        Assert.Equal(Rules.All.Count, table.Stdout.Split('\n').Count(l => l.StartsWith("| NL", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_rule_documents_itself_with_a_bad_and_a_good_example()
    {
        foreach (var rule in Rules.All)
        {
            var page = Cli.Run(TestData.RepoRoot, "rule", rule.Name);
            Assert.Equal(0, page.ExitCode);
            Assert.StartsWith($"{rule.Code} {rule.Name}", page.Stdout, StringComparison.Ordinal);
            Assert.Contains($"Default severity: {rule.DefaultSeverity.Display()}", page.Stdout, StringComparison.Ordinal);
            Assert.Matches("(Bad|Flagged)", rule.Explanation);
            Assert.Matches("(Good|Fixed|Consistent|Resolved|With a tag list)", rule.Explanation);
        }

        var unknown = Cli.Run(TestData.RepoRoot, "rule", "NL999");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown rule 'NL999'", unknown.Stderr, StringComparison.Ordinal);
    }
}
