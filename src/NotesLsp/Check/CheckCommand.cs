using System.CommandLine;
using NotesLsp.Analysis;
using NotesLsp.Cli;
using NotesLsp.Ide;

namespace NotesLsp.Check;

/// <summary>
/// <c>notes-lsp check</c>: lint dumps with the server's rules and configuration; print a report (text, JSON, SARIF,
/// GitHub annotations); with <c>--fix</c>, apply the safe fixes in place first (<c>--unsafe-fixes</c> adds the others,
/// <c>--diff</c> shows them instead of writing).
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.ZeroOrMore, Description = "Files, folders (searched for *.notes and dump-like *.txt) or globs; the current folder when none." };
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text", HelpName = "text|json|sarif|github" };
        format.AcceptOnlyFromAmong("text", "json", "sarif", "github");
        var output = new Option<string?>("--output", "-o") { Description = "Write the report to a file instead of stdout.", HelpName = "file" };
        var config = CommonOptions.Config();
        var rules = CommonOptions.Rules();
        var fix = new Option<bool>("--fix") { Description = "Apply safe fixes in place (zero-padded dates, duplicate tags, …), then report what is left." };
        var unsafeFixes = new Option<bool>("--unsafe-fixes") { Description = "With --fix or --diff: also apply fixes that need a person's eye (a near-miss tag)." };
        var diff = new Option<bool>("--diff") { Description = "Show the fixes as a unified diff instead of writing them; exit 1 when there is any." };
        var progress = new Option<bool?>("--progress") { Description = "Show (true) or hide (false) the progress line on stderr; default: on a terminal." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Hide the progress line (the same as --progress false)." };
        var command = new Command("check", "Lint note dumps. Exit codes: 0 no errors, 1 errors found (or fixes to show with --diff), 2 usage or I/O failure.")
        {
            paths, format, output, config, rules, fix, unsafeFixes, diff, progress, noProgress,
        };
        CommonOptions.RejectUnknownOptions(paths, command);
        command.SetAction(result => Run(
            stdout,
            stderr,
            result.GetValue(paths) ?? [],
            Enum.Parse<OutputFormat>(result.GetValue(format)!, ignoreCase: true),
            result.GetValue(output),
            result.GetValue(config),
            CommonOptions.ParseRules(result.GetValue(rules)),
            result.GetValue(fix),
            result.GetValue(unsafeFixes),
            result.GetValue(diff),
            !result.GetValue(noProgress) && (result.GetValue(progress) ?? !Console.IsErrorRedirected)));
        return command;
    }

    private static int Run(TextWriter stdout, TextWriter stderr, string[] paths, OutputFormat format, string? outputPath, string? configPath, IReadOnlyList<KeyValuePair<string, string>> overrides, bool fix, bool includeUnsafe, bool diff, bool showProgress)
    {
        Inputs inputs;
        CheckReport report;
        using (var progress = new ProgressLine(stderr, showProgress, "checking"))
        {
            try
            {
                inputs = Inputs.Load(paths, configPath, overrides, stderr, progress.Report, forWriting: fix && !diff);
                if (fix || diff)
                {
                    var outcome = Fixes.Apply(inputs, includeUnsafe, diff, stdout, stderr);
                    if (diff || outcome is not null)
                    {
                        return outcome ?? 0;
                    }
                }

                report = CheckRun.Report(inputs.Workspace, inputs.Files, inputs.Failures);
            }
            catch (ConfigException e)
            {
                stderr.WriteLine($"notes-lsp check: configuration: {e.Message}");
                return 2;
            }
        }

        foreach (var failure in report.Failures)
        {
            stderr.WriteLine($"notes-lsp check: {failure}");
        }

        try
        {
            if (outputPath is not null)
            {
                using var file = File.Create(outputPath);
                Reporters.Write(report, format, file);
            }
            else
            {
                stdout.Flush();
                using var stream = stdout == Console.Out ? Console.OpenStandardOutput() : new TextWriterStream(stdout);
                Reporters.Write(report, format, stream);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"notes-lsp check: cannot write the report: {e.Message}");
            return 2;
        }

        return report.ExitCode;
    }

    /// <summary><c>--fix</c> and <c>--diff</c>: fixes every file, then shows the diff or writes the files safely.</summary>
    private static class Fixes
    {
        /// <summary>The exit code when the run ends here (--diff, or a failed write), else null to go on reporting.</summary>
        public static int? Apply(Inputs inputs, bool includeUnsafe, bool diff, TextWriter stdout, TextWriter stderr)
        {
            var changedFiles = 0;
            var applied = 0;
            var failed = false;
            foreach (var file in inputs.Files)
            {
                if (inputs.Workspace.Get(file.Path) is not { } before)
                {
                    continue;
                }

                var original = before.GetText();
                var fixedDocument = FixAll.Apply(inputs.Workspace, file.Path, includeUnsafe);
                if (fixedDocument.Count == 0)
                {
                    continue;
                }

                if (diff)
                {
                    changedFiles++;
                    applied += fixedDocument.Count;
                    stdout.Write(UnifiedDiff.Of(file.Display, original, TextDifference.Between(original, fixedDocument.Text)));
                    continue;
                }

                try
                {
                    NoteFileWriter.Write(inputs.Sources[file.Path], fixedDocument.Text, file.Display);
                    changedFiles++;
                    applied += fixedDocument.Count;
                    stderr.WriteLine($"notes-lsp: {file.Display}: fixed {string.Join(", ", fixedDocument.Applied.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value} × {a.Key}"))}");
                }
                catch (Exception e) when (e is NoteWriteException or IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"notes-lsp check: {e.Message}");
                    inputs.Workspace.Set(file.Path, before);
                    failed = true;
                }
            }

            if (diff)
            {
                stderr.WriteLine(changedFiles == 0 ? "notes-lsp: nothing to fix" : $"notes-lsp: {applied} fix(es) in {changedFiles} file(s) would be applied");
                return changedFiles > 0 ? 1 : 0;
            }

            stderr.WriteLine($"notes-lsp: {applied} fix(es) applied in {changedFiles} file(s)");
            return failed ? 2 : null;
        }
    }
}
