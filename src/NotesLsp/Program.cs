using System.CommandLine;
using NotesLsp.Check;
using NotesLsp.Cli;
using NotesLsp.Server;

namespace NotesLsp;

/// <summary>
/// The <c>notes-lsp</c> executable: one binary, two faces, like ruff: <c>check</c> and <c>format</c> in CI and on the
/// command line, <c>server</c> in the editor, over the same rules and configuration.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Language server and linter for paper-note dumps (.notes).")
        {
            CheckCommand.Create(stdout, stderr),
            FormatCommand.Create(stdout, stderr),
            RuleCommand.Create(stdout, stderr),
            ServerCommand(),
            CompletionCommand.Create(stdout),
        };
        var result = root.Parse(args);
        if (result.Action is System.CommandLine.Invocation.ParseErrorAction parseError)
        {
            // The errors (with the nearest option or value) are what helps; the whole help page would bury them.
            parseError.ShowHelp = false;
        }

        var code = await result.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = true }).ConfigureAwait(false);

        // Usage errors exit 2, as every other failure to run does (System.CommandLine's own code is 1).
        return result.Errors.Count > 0 ? 2 : code;
    }

    private static Command ServerCommand()
    {
        var command = new Command("server", "Run the language server over stdin/stdout (LSP 3.17). Logs go to stderr; NOTES_LSP_LOG=debug adds per-request timings.");
        command.SetAction(async (_, cancellationToken) =>
        {
            using var stdin = Console.OpenStandardInput();
            using var stdout = Console.OpenStandardOutput();
            return await LanguageServerHost.RunAsync(stdin, stdout, Console.Error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
