namespace NotesLsp.Server;

/// <summary>Entry point of <c>notes-lsp server</c>: speaks LSP over the given streams until exit.</summary>
public static class LanguageServerHost
{
    /// <summary>Runs the server; returns the process exit code (0 after shutdown+exit, 1 otherwise).</summary>
    public static Task<int> RunAsync(Stream input, Stream output, TextWriter log, CancellationToken cancellationToken)
    {
        _ = input;
        _ = output;
        _ = cancellationToken;
        log.WriteLine("notes-lsp server: not implemented yet");
        return Task.FromResult(1);
    }
}
