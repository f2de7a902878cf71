using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("notes-check-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    private const string Broken = "Broken\n\n#NLP Issue Date: 2025-02-30 #77 Some Paper, Someone+, ACL'24 Summaryテキスト😀 Comment・4321\n";

    [Fact]
    public void Text_format_on_the_seeds_is_clean_and_line_oriented()
    {
        var (code, stdout, stderr) = Cli.Run(TestData.RepoRoot, "check", "seeds");
        Assert.True(code == 0, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Three references point outside the bundled seeds. Hints are counted, not listed (the seeds have none: NL014,
        // glued entries, is off by default).
        Assert.Matches(new Regex(@"^4 file\(s\), 78 entries: 0 error\(s\), 0 warning\(s\), 3 information, \d+ hint\(s\)$"), lines[^1]);
        Assert.Equal(3 * 3 + 1, lines.Length);
        var at = Array.FindIndex(lines, l => l.StartsWith("seeds/KnowledgeEditing.notes:27:1: information NL011 No entry #4843 ", StringComparison.Ordinal));
        Assert.True(at >= 0, stdout);
        Assert.Equal("    ・4843", lines[at + 1]);
        Assert.Equal("    ^~~~~~", lines[at + 2]); // the bullet is double-width
        Assert.Contains(lines, l => l.StartsWith("seeds/FactualKnowledge.notes:27:321: information NL011 No entry #2033 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_give_exit_code_1_with_precise_1_based_positions_and_a_caret_under_wide_text()
    {
        File.WriteAllText(Path.Combine(temp, "broken.notes"), Broken);
        var (code, stdout, _) = Cli.Run(temp, "check", "broken.notes");
        Assert.Equal(1, code);
        Assert.Contains("broken.notes:3:18: error NL003 Date `2025-02-30` does not exist: February 2025 has 28 days.", stdout, StringComparison.Ordinal);
        var reference = stdout.Split('\n').ToList().FindIndex(l => l.Contains("NL011", StringComparison.Ordinal));
        Assert.StartsWith("broken.notes:3:", stdout.Split('\n')[reference], StringComparison.Ordinal);
        var source = stdout.Split('\n')[reference + 1];
        var caret = stdout.Split('\n')[reference + 2];
        Assert.EndsWith("Comment・4321", source, StringComparison.Ordinal);
        // The caret sits under the bullet although the line holds double-width Japanese text and an emoji.
        var caretColumn = caret.IndexOf('^', StringComparison.Ordinal);
        var bulletColumn = 4 + Check.Reporters.DisplayWidth(source.AsSpan(4, source.IndexOf('・', StringComparison.Ordinal) - 4));
        Assert.Equal(bulletColumn, caretColumn);
    }

    [Fact]
    public void Json_format_has_the_documented_shape_and_lsp_positions()
    {
        File.WriteAllText(Path.Combine(temp, "broken.notes"), Broken);
        var (code, stdout, _) = Cli.Run(temp, "check", "--format", "json", "broken.notes");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        var file = Assert.Single(json.RootElement.GetProperty("files").EnumerateArray());
        Assert.Equal("broken.notes", file.GetProperty("path").GetString());
        Assert.Equal(1, file.GetProperty("entries").GetInt32());
        var diagnostics = file.GetProperty("diagnostics").EnumerateArray().ToList();
        var impossible = diagnostics.Single(d => d.GetProperty("code").GetString() == "NL003");
        Assert.Equal("error", impossible.GetProperty("severity").GetString());
        var range = impossible.GetProperty("range");
        Assert.Equal(2, range.GetProperty("start").GetProperty("line").GetInt32());
        Assert.Equal(17, range.GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(27, range.GetProperty("end").GetProperty("character").GetInt32());

        // UTF-16 characters: the emoji before the reference counts two.
        var reference = diagnostics.Single(d => d.GetProperty("code").GetString() == "NL011");
        var line = Broken.Split('\n')[2];
        Assert.Equal(line.IndexOf('・', StringComparison.Ordinal), reference.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("files").GetInt32());
        Assert.Equal(1, summary.GetProperty("errors").GetInt32());
        Assert.Equal(1, summary.GetProperty("information").GetInt32());
        Assert.Equal(diagnostics.Count, summary.GetProperty("errors").GetInt32() + summary.GetProperty("warnings").GetInt32() + summary.GetProperty("information").GetInt32() + summary.GetProperty("hints").GetInt32());
    }

    [Fact]
    public void Json_on_the_corpus_agrees_with_the_parser_on_every_position()
    {
        var (code, stdout, stderr) = Cli.Run(TestData.RepoRoot, "check", "-f", "json", TestData.CorpusDir);
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(7, files.Count);
        Assert.Equal(215, json.RootElement.GetProperty("summary").GetProperty("entries").GetInt32());
        // 21 references into dumps that are not in the corpus, and the two pairs of copies that drifted apart (#4526, #4099).
        Assert.Equal(25, json.RootElement.GetProperty("summary").GetProperty("information").GetInt32());
        foreach (var file in files)
        {
            var text = File.ReadAllText(file.GetProperty("path").GetString()!);
            var lines = text.Split('\n');
            foreach (var d in file.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() == "NL011"))
            {
                var start = d.GetProperty("range").GetProperty("start");
                var covered = lines[start.GetProperty("line").GetInt32()][start.GetProperty("character").GetInt32()..];
                Assert.StartsWith("・", covered, StringComparison.Ordinal);
                Assert.Contains(covered[1..].TakeWhile(char.IsAsciiDigit).Aggregate(string.Empty, (s, c) => s + c), d.GetProperty("message").GetString()!, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Sarif_output_is_valid_against_the_sarif_2_1_0_schema()
    {
        var output = Path.Combine(temp, "out.sarif");
        File.WriteAllText(Path.Combine(temp, "broken.notes"), Broken);
        var (code, _, stderr) = Cli.Run(TestData.RepoRoot, "check", "-f", "sarif", "-o", output, "--rule", "NL014=hint", "seeds", Path.Combine(temp, "broken.notes"));
        Assert.True(code == 1, stderr);
        var (valid, message, _) = Cli.RunProcess("node", [NodeTools.SarifValidator, output], temp);
        Assert.True(valid == 0, message);
        using var sarif = JsonDocument.Parse(File.ReadAllText(output));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Contains(results, r => r.GetProperty("ruleId").GetString() == "NL003" && r.GetProperty("level").GetString() == "error");
        Assert.Contains(results, r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == "seeds/knowledge-editing.txt");
        Assert.Equal(NotesLsp.Analysis.Rules.All.Count, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public void Github_format_prints_workflow_commands()
    {
        File.WriteAllText(Path.Combine(temp, "broken, odd.notes"), Broken);
        var (code, stdout, _) = Cli.Run(temp, "check", "-f", "github", ".");
        Assert.Equal(1, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("::error file=broken%2C odd.notes,line=3,col=18,endLine=3,endColumn=28,title=NL003 impossible-date::Date `2025-02-30` does not exist: February 2025 has 28 days.", lines);
        Assert.Contains(lines, l => l.StartsWith("::notice file=broken%2C odd.notes,line=3,", StringComparison.Ordinal) && l.Contains("NL011", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_and_unreadable_inputs_exit_2_with_a_clear_message_and_no_stack_trace()
    {
        var (code, stdout, stderr) = Cli.Run(TestData.RepoRoot, "check", "seeds", "no/such/file.notes", "/proc/self/mem");
        Assert.Equal(2, code);
        Assert.Contains("no/such/file.notes: no such file or directory", stderr, StringComparison.Ordinal);
        Assert.Contains("/proc/self/mem: cannot read:", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Contains("4 file(s), 78 entries", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml", "Argument 'xml' not recognized. Must be one of:")]
    [InlineData("--bogus", null, "unknown option '--bogus'")]
    [InlineData("--formt", "json", "unknown option '--formt'; did you mean '--format'?")]
    [InlineData("--rule", "NL001", "--rule expects CODE=severity")]
    [InlineData("--rule", "NL999=off", "unknown rule 'NL999'")]
    public void Usage_errors_exit_2(string option, string? value, string message)
    {
        var (code, _, stderr) = Cli.Run(TestData.RepoRoot, value is null ? ["check", option] : ["check", option, value, "seeds"]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bom_crlf_invalid_utf8_and_empty_files_are_reported_not_skipped()
    {
        var good = File.ReadAllText(TestData.SeedFile);
        File.WriteAllBytes(Path.Combine(temp, "bom.notes"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(good)]);
        File.WriteAllText(Path.Combine(temp, "crlf.notes"), good.Replace("\n", "\r\n", StringComparison.Ordinal));
        File.WriteAllBytes(Path.Combine(temp, "latin1.notes"), [.. Encoding.UTF8.GetBytes("Cat\n\n#NLP Issue Date: 2025-01-01 Caf"), 0xE9, .. Encoding.UTF8.GetBytes(", A+, ACL'24 Summaryx\n")]);
        File.WriteAllText(Path.Combine(temp, "empty.notes"), string.Empty);
        var (code, stdout, _) = Cli.Run(temp, "check", "-f", "json", ".");
        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(stdout);
        var byName = json.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(["bom.notes", "crlf.notes", "empty.notes", "latin1.notes"], byName.Keys.Order(StringComparer.Ordinal));
        string Messages(string f) => string.Join("\n", byName[f].GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() is "NL016" or "NL018").Select(d => d.GetProperty("severity").GetString() + " " + d.GetProperty("message").GetString()));
        Assert.Contains("byte-order mark", Messages("bom.notes"), StringComparison.Ordinal);
        Assert.Contains("CRLF", Messages("crlf.notes"), StringComparison.Ordinal);
        Assert.Contains("empty", Messages("empty.notes"), StringComparison.Ordinal);
        Assert.Contains("error File is not valid UTF-8 (first bad byte at byte offset 36)", Messages("latin1.notes"), StringComparison.Ordinal);
        Assert.Equal(16, byName["bom.notes"].GetProperty("entries").GetInt32());
        Assert.Equal(16, byName["crlf.notes"].GetProperty("entries").GetInt32());

        // CRLF does not shift positions: the same diagnostics on the same lines as the LF original.
        var crlf = byName["crlf.notes"].GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() != "NL016").Select(d => d.GetProperty("range").GetRawText());
        var bom = byName["bom.notes"].GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("code").GetString() != "NL016").Select(d => d.GetProperty("range").GetRawText());
        Assert.Equal(bom, crlf);
    }

    [Fact]
    public void A_directory_with_thousands_of_files_is_checked_completely_and_order_does_not_matter()
    {
        var dir = Directory.CreateDirectory(Path.Combine(temp, "many")).FullName;
        var entry = "#NLP Issue Date: 2025-01-01 #{0} Paper {0}, A+, ACL'24 Summaryx Comment・{1}\n";
        for (var i = 0; i < 3000; i++)
        {
            File.WriteAllText(Path.Combine(dir, $"f{i:D4}.notes"), "Cat\n\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, entry, 10000 + i, 10000 + ((i + 1) % 3000)));
        }

        var (code, stdout, stderr) = Cli.Run(temp, "check", "-f", "json", "many");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(3000, json.RootElement.GetProperty("summary").GetProperty("files").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("information").GetInt32());

        var forward = Cli.Run(temp, "check", "-f", "json", "many/f0001.notes", "many/f0002.notes", "many/f0003.notes").Stdout;
        var backward = Cli.Run(temp, "check", "-f", "json", "many/f0003.notes", "many/f0001.notes", "many/f0002.notes", "many/f0001.notes").Stdout;
        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Globs_and_configuration_file_are_honoured()
    {
        File.WriteAllText(Path.Combine(temp, "broken.notes"), Broken);
        File.WriteAllText(Path.Combine(temp, "notes-lsp.json"), """{ "rules": { "impossible-date": "warning", "NL011": "off" } }""");
        var (code, stdout, _) = Cli.Run(temp, "check", "*.notes");
        Assert.Equal(0, code);
        Assert.Contains("warning NL003", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NL011", stdout, StringComparison.Ordinal);
        var overridden = Cli.Run(temp, "check", "--rule", "NL003=off", "*.notes");
        Assert.DoesNotContain("NL003", overridden.Stdout, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp, "notes-lsp.json"), """{ "rules": { "impossible-date": "loud" } }""");
        var bad = Cli.Run(temp, "check", "*.notes");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'loud' is not one of", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void A_fifo_named_like_a_note_file_does_not_block_check()
    {
        var dir = Directory.CreateDirectory(Path.Combine(temp, "fifo")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.notes"), Broken);
        foreach (var name in new[] { "pipe.notes", "pipe.txt" })
        {
            var mkfifo = Cli.RunProcess("mkfifo", [Path.Combine(dir, name)], dir, 10_000);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var (code, stdout, stderr) = Cli.RunProcess("dotnet", [Cli.NotesLspDll, "check", "fifo"], temp, 30_000);
        Assert.Equal(2, code);
        Assert.Contains("pipe.notes: cannot read: not a regular file (a FIFO)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pipe.txt", stderr, StringComparison.Ordinal);
        Assert.Contains("error NL003", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void Symlink_loops_end()
    {
        var dir = Directory.CreateDirectory(Path.Combine(temp, "loop")).FullName;
        File.WriteAllText(Path.Combine(dir, "a.notes"), Broken);
        Directory.CreateSymbolicLink(Path.Combine(dir, "again"), dir);
        var (code, stdout, stderr) = Cli.Run(temp, "check", "loop");
        Assert.Equal(1, code);
        Assert.Contains("symlink loop", stderr, StringComparison.Ordinal);
        Assert.Contains("1 file(s)", stdout, StringComparison.Ordinal);
    }
}
