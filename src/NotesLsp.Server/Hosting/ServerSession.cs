using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;
using NotesLsp.Server.Transport;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Hosting;

internal enum ServerPhase
{
    Created,
    Initialized,
    ShutDown,
}

/// <summary>
/// The state every part of the server shares: the workspace (documents, open or from disk), the protocol converter,
/// what the client can do, the lifecycle phase, and the connection. Only the server thread touches it
/// (<see cref="SerialSynchronizationContext"/>), so it needs no locks.
/// </summary>
internal sealed class ServerSession(ILoggerFactory loggers, LspLoggerProvider logs, SerialSynchronizationContext context)
{
    private readonly TaskCompletionSource indexed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonRpc? rpc;

    public ILogger Log { get; } = loggers.CreateLogger("NotesLsp.Server");

    public LspLoggerProvider Logs { get; } = logs;

    public SerialSynchronizationContext Context { get; } = context;

    public Workspace Workspace { get; } = NewWorkspace();

    public ProtocolConverter Convert => convert ??= new ProtocolConverter(Workspace, PathRules.Current);

    public ClientCapabilities Client { get; set; } = ClientCapabilities.None;

    /// <summary>Whether every incremental parse is checked against a full parse (see <see cref="IncrementalSelfCheck"/>).</summary>
    public bool SelfCheckEnabled { get; } = IncrementalSelfCheck.EnabledByDefault;

    public ServerPhase Phase { get; set; }

    /// <summary>The workspace folders, as local paths.</summary>
    public List<string> Roots { get; } = [];

    /// <summary>Completes once the first indexing of the workspace folders has ended.</summary>
    public Task Indexed => indexed.Task;

    /// <summary>Completes with the process exit code when the client sends <c>exit</c>.</summary>
    public Task<int> Exited => exit.Task;

    /// <summary>Called on every request: the idle memory trim waits for a quiet moment.</summary>
    public Action? OnActivity { get; set; }

    private ProtocolConverter? convert;

    public void MarkIndexed() => indexed.TrySetResult();

    public void SetExit(int code) => exit.TrySetResult(code);

    public void Attach(JsonRpc connection)
    {
        rpc = connection;
        Logs.ClientSink = (type, message) => Notify("window/logMessage", new LogMessageParams(type, message), quiet: true);
    }

    /// <summary>Throws the spec's errors for requests outside the initialised phase.</summary>
    public void Gate()
    {
        switch (Phase)
        {
            case ServerPhase.Created:
                throw new LocalRpcException("The server is not initialized: send initialize first.") { ErrorCode = Lsp.ServerNotInitialized };
            case ServerPhase.ShutDown:
                throw new LocalRpcException("The server is shutting down: only exit is accepted now.") { ErrorCode = Lsp.InvalidRequest };
            default:
                break;
        }
    }

    /// <summary>Gates the request and waits for the first index (answers before it would miss cross-file facts).</summary>
    public Task ReadyAsync(CancellationToken ct)
    {
        Gate();
        OnActivity?.Invoke();
        ct.ThrowIfCancellationRequested();
        return indexed.Task.IsCompleted ? Task.CompletedTask : indexed.Task.WaitAsync(ct);
    }

    /// <summary>The document a request names, or null (with a log line) when the server does not know it.</summary>
    public (string Key, NoteDocument Document)? Find(TextDocumentIdentifier? id)
    {
        if (id?.Uri is not { } uri)
        {
            return null;
        }

        var key = Convert.KeyOf(uri);
        if (Workspace.Get(key) is { } doc)
        {
            return (key, doc);
        }

        Log.LogInformation("Request for a document that is neither open nor in the workspace: {Uri}", uri);
        return null;
    }

    public void Notify(string method, object argument, bool quiet = false)
    {
        if (rpc is null || rpc.IsDisposed)
        {
            return;
        }

        try
        {
            var sent = SendNotification(rpc, method, argument);
            _ = sent.ContinueWith(
                t =>
                {
                    if (!quiet)
                    {
                        Log.LogDebug("{Method} not sent: {Message}", method, t.Exception?.GetBaseException().Message);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted,
                TaskScheduler.Default);
        }
        catch (Exception e) when (e is ObjectDisposedException or ConnectionLostException)
        {
        }
    }

    /// <summary>Sends a request to the client and returns its result, or null when it failed (logged at debug level).</summary>
    public async Task<JsonElement?> RequestAsync(string method, object? argument)
    {
        if (rpc is null)
        {
            return null;
        }

        try
        {
            return await Invoke(rpc, method, argument).ConfigureAwait(true);
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            Log.LogDebug("{Method} failed: {Message}", method, e.Message);
            return null;
        }
    }

    private static Workspace NewWorkspace() => new(ConfigResolver.Nearest(onProblem: _ => { }), PathRules.Current.Comparer);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The argument is serialised whole by SystemTextJsonFormatter with LspJsonContext metadata, not reflected over.")]
    private static Task<JsonElement> Invoke(JsonRpc connection, string method, object? argument) => connection.InvokeWithParameterObjectAsync<JsonElement>(method, argument);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The argument is serialised whole by SystemTextJsonFormatter with LspJsonContext metadata, not reflected over.")]
    private static Task SendNotification(JsonRpc connection, string method, object argument) => connection.NotifyWithParameterObjectAsync(method, argument);
}
