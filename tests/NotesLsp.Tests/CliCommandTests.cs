using System.Text.RegularExpressions;
using NotesLsp.Cli;
using static NotesLsp.Tests.CliFixtures;

namespace NotesLsp.Tests;

/// <summary>The commands of the CLI on System.CommandLine, through the built executable, on the corpus.</summary>
[Collection(InProcessCliCollection.Name)]
public sealed class CliCommandTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("notes-cli-").FullName;

    public void Dispose()
    {
        ProgressLine.DelayMilliseconds = 1000;
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public void Check_help_prints_the_standard_help_page()
    {
        var (code, stdout, stderr) = Cli.Run(temp, "check", "--help");
        Assert.True(code == 0, stderr);
        Assert.Contains("Usage:\n  notes-lsp check [<paths>...] [options]", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        foreach (var option in new[] { "Arguments:", "Options:", "--fix", "--unsafe-fixes", "--diff", "--no-progress", "-f, --format <text|json|sarif|github>", "-?, -h, --help" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("check", "--fxi", "--fix")]
    [InlineData("check", "--unsafe-fix", "--unsafe-fixes")]
    [InlineData("check", "--no-progres", "--no-progress")]
    [InlineData("format", "--chek", "--check")]
    public void An_unknown_option_suggests_the_nearest_one_and_exits_2(string command, string typo, string nearest)
    {
        File.WriteAllText(Path.Combine(temp, "a.notes"), WithUnpaddedDate(out _, out _), Utf8);
        var before = File.ReadAllBytes(Path.Combine(temp, "a.notes"));
        var (code, stdout, stderr) = Cli.Run(temp, command, typo, "a.notes");
        Assert.Equal(2, code);
        Assert.Contains($"unknown option '{typo}'; did you mean '{nearest}'?", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", stdout + stderr, StringComparison.Ordinal);
        AssertNoStackTrace(stderr);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(temp, "a.notes")));
    }

    [Fact]
    public void Check_fix_applies_safe_fixes_in_place_and_reports_what_is_left()
    {
        var text = File.ReadAllText(Memory);
        var dates = Regex.Matches(text, @"Issue Date: \d{4}-\d\d-\d\d").Select(m => m.Value).Distinct().ToList();
        text = ReplaceFirst(text, dates[0], "Issue Date: 2024-1-5");
        text = ReplaceFirst(text, dates[1], "Issue Date: 2025-02-30"); // NL003: no fix
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, text, Utf8);

        var (code, stdout, stderr) = Cli.Run(temp, "check", "--fix", "memory.notes");
        Assert.True(code == 1, stderr + stdout);
        Assert.Contains("notes-lsp: memory.notes: fixed 1 × NL002", stderr, StringComparison.Ordinal);
        Assert.Contains("1 fix(es) applied in 1 file(s)", stderr, StringComparison.Ordinal);
        Assert.Equal(ReplaceFirst(text, "Issue Date: 2024-1-5", "Issue Date: 2024-01-05"), File.ReadAllText(path));
        Assert.Contains("error NL003", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NL002", stdout, StringComparison.Ordinal);
        Assert.Contains("1 error(s)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsafe_fixes_are_applied_only_with_unsafe_fixes()
    {
        var text = WithNearMissTag(out var typo, out var tag);
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, text, Utf8);

        var (code, stdout, stderr) = Cli.Run(temp, "check", "--fix", "memory.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(text, File.ReadAllText(path));
        Assert.Contains("warning NL012", stdout, StringComparison.Ordinal);
        Assert.Contains("0 fix(es) applied", stderr, StringComparison.Ordinal);

        (code, stdout, stderr) = Cli.Run(temp, "check", "--fix", "--unsafe-fixes", "memory.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("fixed 1 × NL012", stderr, StringComparison.Ordinal);
        Assert.Equal(ReplaceFirst(text, typo, tag), File.ReadAllText(path));
        Assert.DoesNotContain("NL012", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void Check_diff_prints_a_unified_diff_that_patch_applies_and_writes_nothing()
    {
        var text = ReplaceFirst(WithNearMissTag(out var typo, out var tag), "Issue Date: 2026-03-08", "Issue Date: 2026-3-8");
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, text, Utf8);
        var before = File.ReadAllBytes(path);
        var mtime = File.GetLastWriteTimeUtc(path);

        var (code, diff, stderr) = Cli.Run(temp, "check", "--diff", "--unsafe-fixes", "memory.notes");
        Assert.True(code == 1, stderr + diff);
        Assert.StartsWith("--- a/memory.notes\n+++ b/memory.notes\n@@ -1,", diff, StringComparison.Ordinal);
        Assert.Contains("\n-" + text.Split('\n')[2], diff, StringComparison.Ordinal);
        Assert.Contains("2 fix(es) in 1 file(s) would be applied", stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
        Assert.Equal(["memory.notes"], Listing(temp));

        var expected = ReplaceFirst(ReplaceFirst(text, "Issue Date: 2026-3-8", "Issue Date: 2026-03-08"), typo, tag);
        Assert.Equal(expected, Patched(text, diff));
    }

    [Fact]
    public void Format_puts_every_glued_entry_on_its_own_line_and_changes_nothing_else()
    {
        foreach (var file in TestData.CorpusFiles)
        {
            File.Copy(file, Path.Combine(temp, Path.GetFileName(file)));
        }

        var (code, stdout, stderr) = Cli.Run(temp, "format", "--check", ".");
        Assert.True(code == 1, stderr + stdout);
        var glued = Regex.Matches(stdout, @"Would reformat: (\S+) \((\d+) glued entr").ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEmpty(glued);
        Assert.True(TestData.CorpusFiles.All(f => File.ReadAllBytes(f).SequenceEqual(File.ReadAllBytes(Path.Combine(temp, Path.GetFileName(f))))), "--check wrote");

        (code, stdout, stderr) = Cli.Run(temp, "format", ".");
        Assert.True(code == 0, stderr + stdout);
        foreach (var file in TestData.CorpusFiles)
        {
            var before = File.ReadAllText(file);
            var after = File.ReadAllText(Path.Combine(temp, Path.GetFileName(file)));
            Assert.Equal(NonWhitespace(before), NonWhitespace(after));
            var added = after.Count(c => c == '\n') - before.Count(c => c == '\n');
            Assert.Equal(glued.GetValueOrDefault(Path.GetFileName(file)), added);
        }

        // Formatted: nothing left to do, and NL014 (glued entry) finds nothing.
        (code, stdout, stderr) = Cli.Run(temp, "format", "--check", ".");
        Assert.True(code == 0, stderr + stdout);
        Assert.Equal(string.Empty, stdout);
        (_, stdout, stderr) = Cli.Run(temp, "check", "--rule", "NL014=warning", ".");
        Assert.DoesNotContain("NL014", stdout, StringComparison.Ordinal);
        Assert.Contains($"{TestData.CorpusFiles.Count()} file(s)", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Category", "Unix")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Format_diff_writes_nothing_and_patch_turns_it_into_what_format_writes(string lineBreak)
    {
        var path = Path.Combine(temp, "memory.notes");
        File.WriteAllText(path, File.ReadAllText(Memory).ReplaceLineEndings(lineBreak));
        var text = File.ReadAllText(path);
        var (code, diff, stderr) = Cli.Run(temp, "format", "--diff", "memory.notes");
        Assert.True(code == 1, stderr);
        Assert.Equal(text, File.ReadAllText(path));
        var patched = Patched(text, diff);

        (code, _, stderr) = Cli.Run(temp, "format", "memory.notes");
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(path), patched);
        Assert.NotEqual(text, patched);
    }

    [Fact]
    public void Format_check_exits_0_on_a_formatted_file()
    {
        var path = Path.Combine(temp, "one.notes");
        File.WriteAllText(path, "Cat\n\n#NLP\nIssue Date: 2024-01-05 #1 A Paper, A. Author+, ACL'24 Summaryまとめ Comment感想\n", Utf8);
        var (code, stdout, stderr) = Cli.Run(temp, "format", "--check", "one.notes");
        Assert.True(code == 0, stderr + stdout);
        Assert.Contains("0 file(s) would be reformatted, 1 file(s) already formatted", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _notes_lsp_complete notes-lsp")]
    [InlineData("zsh", "compdef _notes_lsp_complete notes-lsp")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName notes-lsp")]
    public void Completion_prints_a_script_for_each_shell(string shell, string registration)
    {
        var (code, stdout, stderr) = Cli.Run(temp, "completion", shell);
        Assert.True(code == 0, stderr);
        Assert.Contains(registration, stdout, StringComparison.Ordinal);
        Assert.Contains("[suggest:", stdout, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public void The_bash_completion_script_completes_options_and_values_through_the_real_executable()
    {
        var script = $$"""
            notes-lsp() { dotnet '{{Cli.NotesLspDll}}' "$@"; }
            eval "$(notes-lsp completion bash)"
            complete_line() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1 "; [[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _notes_lsp_complete; echo "[$1] ${COMPREPLY[*]}"; }
            complete_line "notes-lsp chec"
            complete_line "notes-lsp check --unsafe"
            complete_line "notes-lsp check --format "
            """;
        var (code, stdout, stderr) = Run("bash", "-c", script);
        Assert.True(code == 0, stderr);
        Assert.Contains("[notes-lsp chec] check", stdout, StringComparison.Ordinal);
        Assert.Contains("[notes-lsp check --unsafe] --unsafe-fixes", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\[notes-lsp check --format \] github\s+json\s+sarif\s+text", stdout);
    }

    [Fact]
    public void Rule_prints_a_rules_documentation_and_markdown_prints_the_table()
    {
        var (code, stdout, stderr) = Cli.Run(temp, "rule", "NL002");
        Assert.True(code == 0, stderr);
        Assert.StartsWith("NL002 malformed-date", stdout, StringComparison.Ordinal);
        Assert.Contains("Default severity: error. Fix: safe.", stdout, StringComparison.Ordinal);
        Assert.Contains("2025-8-6", stdout, StringComparison.Ordinal);

        (code, var byName, stderr) = Cli.Run(temp, "rule", "malformed-date");
        Assert.True(code == 0, stderr);
        Assert.Equal(stdout, byName);

        (code, stdout, stderr) = Cli.Run(temp, "rule", "--markdown");
        Assert.True(code == 0, stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("| code | name | default | fix | what |", rows[0]);
        Assert.Equal(Analysis.Rules.All.Count, rows.Count(r => Regex.IsMatch(r, @"^\| NL\d{3} \| [a-z0-9-]+ \| (error|warning|information|hint|off) \| (none|safe|unsafe) \| ")));

        (code, _, stderr) = Cli.Run(temp, "rule", "NL999");
        Assert.Equal(2, code);
        Assert.Contains("NL999", stderr, StringComparison.Ordinal);
        AssertNoStackTrace(stderr);
    }

    [Fact]
    public async Task No_progress_hides_the_progress_line()
    {
        // The line appears after a delay on a terminal; the seam shows it at once so that hiding it means something.
        ProgressLine.DelayMilliseconds = 0;
        var path = Path.Combine(temp, "memory.notes");
        File.Copy(Memory, path);

        var (code, _, shown) = await RunInProcessAsync("check", "--progress", "true", path);
        Assert.Equal(0, code);
        Assert.Contains("\rnotes-lsp: checking ", shown, StringComparison.Ordinal);

        (code, _, var hidden) = await RunInProcessAsync("check", "--progress", "true", "--no-progress", path);
        Assert.Equal(0, code);
        Assert.DoesNotContain("\r", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("checking", hidden, StringComparison.Ordinal);

        (code, _, hidden) = await RunInProcessAsync("format", "--check", "--no-progress", path);
        Assert.Equal(1, code);
        Assert.DoesNotContain("\r", hidden, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string value, string replacement)
    {
        var at = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{value}' not found");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + value.Length));
    }

    /// <summary>Applies a unified diff with GNU patch to a copy of the text.</summary>
    private string Patched(string text, string diff)
    {
        var folder = Directory.CreateDirectory(Path.Combine(temp, "patch-" + Guid.NewGuid().ToString("N"))).FullName;
        var file = Path.Combine(folder, "file.notes");
        var patchFile = Path.Combine(folder, "change.diff");
        File.WriteAllText(file, text, Utf8);
        File.WriteAllText(patchFile, diff, Utf8);
        var (code, stdout, stderr) = Run("patch", "--batch", "--forward", "-u", file, "-i", patchFile);
        Assert.True(code == 0, $"patch failed: {stdout}{stderr}");
        var result = File.ReadAllText(file);
        Directory.Delete(folder, recursive: true);
        return result;
    }
}
