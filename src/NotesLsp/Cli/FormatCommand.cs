using System.CommandLine;
using NotesLsp.Analysis;

namespace NotesLsp.Cli;

/// <summary>
/// <c>notes-lsp format</c>: the server's formatting (every glued entry on a line of its own, nothing else changed) on
/// files. Writes them safely; <c>--check</c> only says which would change (exit 1), <c>--diff</c> shows how.
/// </summary>
internal static class FormatCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.ZeroOrMore, Description = "Files, folders or globs; the current folder when none." };
        var check = new Option<bool>("--check") { Description = "Write nothing; list the files that would change and exit 1 when there is any." };
        var diff = new Option<bool>("--diff") { Description = "Write nothing; print the changes as a unified diff and exit 1 when there is any." };
        var config = CommonOptions.Config();
        var noProgress = new Option<bool>("--no-progress") { Description = "Hide the progress line shown on a terminal when reading takes more than a second." };
        var command = new Command("format", "Put every glued entry on a line of its own; nothing else changes. Exit codes: 0 done (or nothing to change), 1 files would change (--check, --diff), 2 usage or I/O failure.")
        {
            paths, check, diff, config, noProgress,
        };
        CommonOptions.RejectUnknownOptions(paths, command);
        command.SetAction(result => Run(stdout, stderr, result.GetValue(paths) ?? [], result.GetValue(check), result.GetValue(diff), result.GetValue(config), !result.GetValue(noProgress) && !Console.IsErrorRedirected));
        return command;
    }

    private static int Run(TextWriter stdout, TextWriter stderr, string[] paths, bool check, bool diff, string? configPath, bool showProgress)
    {
        Inputs inputs;
        try
        {
            using var progress = new ProgressLine(stderr, showProgress, "reading");
            inputs = Inputs.Load(paths, configPath, [], stderr, progress.Report, forWriting: !check && !diff);
        }
        catch (ConfigException e)
        {
            stderr.WriteLine($"notes-lsp format: configuration: {e.Message}");
            return 2;
        }

        foreach (var failure in inputs.Failures)
        {
            stderr.WriteLine($"notes-lsp format: {failure}");
        }

        var changed = 0;
        var unchanged = 0;
        var failed = inputs.Failures.Count > 0;
        foreach (var file in inputs.Files)
        {
            if (inputs.Workspace.Get(file.Path) is not { } document)
            {
                continue;
            }

            var edits = Ide.Formatting.Of(document);
            if (edits.Count == 0)
            {
                unchanged++;
                continue;
            }

            changed++;
            if (diff)
            {
                stdout.Write(UnifiedDiff.Of(file.Display, document.GetText(), edits));
            }
            else if (check)
            {
                stdout.WriteLine($"Would reformat: {file.Display} ({edits.Count} glued {(edits.Count == 1 ? "entry" : "entries")})");
            }
            else
            {
                try
                {
                    NoteFileWriter.Write(inputs.Sources[file.Path], Ide.SourceChange.Apply(document.GetText(), edits), file.Display);
                }
                catch (NoteWriteException e)
                {
                    stderr.WriteLine($"notes-lsp format: {e.Message}");
                    changed--;
                    failed = true;
                }
            }
        }

        var verb = check || diff ? "would be reformatted" : "reformatted";
        stderr.WriteLine($"notes-lsp: {changed} file(s) {verb}, {unchanged} file(s) already formatted");
        return failed ? 2 : (check || diff) && changed > 0 ? 1 : 0;
    }
}
