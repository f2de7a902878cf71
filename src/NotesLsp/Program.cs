using NotesLsp.Check;
using NotesLsp.Server;

namespace NotesLsp;

public static class Program
{
    private const string Usage = """
        usage: notes-lsp <command> [options]

        commands:
          check [paths...]   lint note dumps (files, directories, globs); see `notes-lsp check --help`
          server             run the language server over stdin/stdout (LSP 3.17)
          --version          print the version
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? Console.Error : Console.Out).WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        switch (args[0])
        {
            case "check":
                return CheckCommand.Run(args[1..], Console.Out, Console.Error);
            case "server":
                using (var stdin = Console.OpenStandardInput())
                using (var stdout = Console.OpenStandardOutput())
                {
                    return await LanguageServerHost.RunAsync(stdin, stdout, Console.Error, CancellationToken.None).ConfigureAwait(false);
                }

            case "--version":
                Console.WriteLine(typeof(Program).Assembly.GetName().Version?.ToString(3));
                return 0;
            default:
                Console.Error.WriteLine($"notes-lsp: unknown command '{args[0]}'\n{Usage}");
                return 2;
        }
    }
}
