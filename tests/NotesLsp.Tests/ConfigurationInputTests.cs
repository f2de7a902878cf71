using NotesLsp.Analysis;
using NotesLsp.Testing;
using static NotesLsp.Tests.CliFixtures;

namespace NotesLsp.Tests;

/// <summary>
/// notes-lsp.json is untrusted input: every broken file makes <c>check</c> (and <c>format</c>) print one clear line
/// with file:line:col and exit 2, whether found as the nearest file or given with --config; never a crash, never ignored.
/// </summary>
public sealed class ConfigurationInputTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("notes-config-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Theory]
    [MemberData(nameof(BrokenConfigs.Names), MemberType = typeof(BrokenConfigs))]
    public void A_broken_configuration_stops_check_and_format_with_file_line_and_column(string name)
    {
        var broken = BrokenConfigs.All.Single(c => c.Name == name);
        var notes = Path.Combine(temp, "memory.notes");
        File.Copy(Memory, notes);
        var config = Path.Combine(temp, NotesConfig.FileName);
        File.WriteAllBytes(config, broken.Bytes);
        var before = File.ReadAllBytes(notes);

        foreach (var args in new[] { new[] { "check", "memory.notes" }, ["check", "--fix", "memory.notes"], ["format", "memory.notes"], ["check", "--config", config, "memory.notes"] })
        {
            var (code, stdout, stderr) = Cli.Run(temp, args);
            Assert.True(code == 2, $"{string.Join(' ', args)} exited {code}\n{stderr}\n{stdout}");
            AssertNoStackTrace(stderr);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"notes-lsp {args[0]}: configuration: {config}:{broken.Line}:{broken.Column}: ", line, StringComparison.Ordinal);
            Assert.Contains(broken.Message, line, StringComparison.Ordinal);
            Assert.Equal(string.Empty, stdout);
            Assert.Equal(before, File.ReadAllBytes(notes));
        }
    }

    [Theory]
    [MemberData(nameof(BrokenConfigs.Names), MemberType = typeof(BrokenConfigs))]
    public void The_parser_reports_the_same_place_and_the_span_of_the_offending_token(string name)
    {
        var broken = BrokenConfigs.All.Single(c => c.Name == name);
        var e = Assert.Throws<ConfigException>(() => NotesConfig.Parse(broken.Bytes, "/x/notes-lsp.json"));
        Assert.Equal((broken.Line, broken.Column, broken.Length), (e.Line, e.Column, e.Length));
        Assert.Equal("/x/notes-lsp.json", e.Path);
    }

    [Fact]
    public void A_folder_named_like_the_configuration_is_reported_not_skipped()
    {
        // Skipping it would silently use a configuration further up (or the defaults) instead of the one meant here.
        File.WriteAllText(Path.Combine(temp, NotesConfig.FileName), "{ \"rules\": { \"NL011\": \"error\" } }");
        var inner = Directory.CreateDirectory(Path.Combine(temp, "dumps")).FullName;
        File.Copy(Memory, Path.Combine(inner, "memory.notes"));
        var folder = Directory.CreateDirectory(Path.Combine(inner, NotesConfig.FileName)).FullName;

        foreach (var args in new[] { new[] { "check", "memory.notes" }, ["format", "--check", "memory.notes"] })
        {
            var (code, stdout, stderr) = Cli.Run(inner, args);
            Assert.True(code == 2, $"{string.Join(' ', args)} exited {code}\n{stderr}\n{stdout}");
            AssertNoStackTrace(stderr);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{folder}: is a folder, not a configuration file", line, StringComparison.Ordinal);
        }

        // Without the folder, the file above applies.
        Directory.Delete(folder);
        Assert.Equal(Path.Combine(temp, NotesConfig.FileName), NotesConfig.FindFileFor(inner));
        var (exit, output, _) = Cli.Run(inner, ["check", "memory.notes"]);
        Assert.Equal(1, exit);
        Assert.Contains("error NL011", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_configuration_next_to_the_broken_cases_is_accepted()
    {
        // The control: the same shapes written right load, so the failures above are about what is wrong.
        var config = NotesConfig.Parse("{\n  \"$schema\": \"ルール\",\n  \"rules\": {\n    \"NL002\": \"warning\", \"near-miss-tag\": \"off\"\n  },\n  \"exclude\": [\"archive/**\"]\n}\n");
        Assert.Equal(Severity.Warning, config.SeverityOf(Analysis.Rules.Find("NL002")!));
        Assert.Equal(["archive/**"], config.Exclude);
    }
}
