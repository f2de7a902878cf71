using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>initialize</c> (capabilities: each feature is advertised here once it exists), <c>initialized</c>, <c>shutdown</c>, <c>exit</c>, <c>$/setTrace</c>.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        if (session.Phase != ServerPhase.Created)
        {
            throw new LocalRpcException("initialize was already received") { ErrorCode = Lsp.InvalidRequest };
        }

        var client = ClientCapabilities.Parse(p.Capabilities);
        session.Client = client;
        session.Convert.Encoder = PositionEncoder.Negotiate(client.PositionEncodings);
        session.Convert.DocumentChangesSupported = client.DocumentChanges;
        ApplyTrace(p.Trace);

        if (p.WorkspaceFolders is { Count: > 0 } folders)
        {
            session.Roots.AddRange(folders.Select(f => session.Convert.KeyOf(f.Uri)).Where(session.Convert.IsLocalPath));
        }
        else if (p.RootUri is { } rootUri)
        {
            session.Roots.Add(session.Convert.KeyOf(rootUri));
        }
        else if (!string.IsNullOrEmpty(p.RootPath))
        {
            session.Roots.Add(Path.GetFullPath(p.RootPath));
        }

        configuration.Initialize(p.InitializationOptions);
        session.Phase = ServerPhase.Initialized;
        session.Log.LogDebug("initialize: encoding {Encoding}, roots {Roots}, pull diagnostics {Pull}", session.Convert.Encoder.Name, string.Join(", ", session.Roots), client.PullDiagnostics);

        return new InitializeResult(
            new ServerCapabilities
            {
                PositionEncoding = session.Convert.Encoder.Name,
                TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: Lsp.SyncIncremental, Save: null),
                CompletionProvider = new CompletionOptions(["#", "・"], ResolveProvider: false, new CompletionItemOptions(LabelDetailsSupport: true)),
                HoverProvider = true,
                DefinitionProvider = true,
                ReferencesProvider = true,
                DocumentHighlightProvider = true,
                DocumentSymbolProvider = true,
                WorkspaceSymbolProvider = true,
                CodeActionProvider = new CodeActionOptions([Lsp.QuickFix, Lsp.RefactorRewrite]),
                DocumentLinkProvider = new DocumentLinkOptions(ResolveProvider: false),
                DocumentFormattingProvider = true,
                RenameProvider = new RenameOptions(PrepareProvider: true),
                FoldingRangeProvider = true,
                SelectionRangeProvider = true,
                SemanticTokensProvider = new SemanticTokensOptions(SemanticTokensLegend, Range: true, Full: true),
                InlayHintProvider = new InlayHintOptions(ResolveProvider: false),
                CodeLensProvider = new CodeLensOptions(ResolveProvider: true),
                DiagnosticProvider = client.PullDiagnostics ? new DiagnosticOptions("notes-lsp", InterFileDependencies: true, WorkspaceDiagnostics: true) : null,
                Workspace = new WorkspaceServerCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: true)),
            },
            new ServerInfo("notes-lsp", (System.Reflection.Assembly.GetEntryAssembly() ?? typeof(LspEndpoints).Assembly).GetName().Version?.ToString(3)));
    }

    [JsonRpcMethod("initialized")]
    public async Task InitializedAsync()
    {
        if (session.Phase != ServerPhase.Initialized)
        {
            return;
        }

        if (session.Client.WatchedFilesRegistration)
        {
            var registration = new RegistrationParams(
            [
                new Registration("notes-lsp-watch", "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(
                [
                    new FileWatcher("**/*" + NoteFileDiscovery.Extension),
                    new FileWatcher("**/*.txt"),
                    new FileWatcher("**/" + NotesConfig.FileName),
                ])),
            ]);
            _ = session.RequestAsync("client/registerCapability", registration);
        }

        if (session.SelfCheckEnabled)
        {
            session.Log.LogInformation(
                "Incremental self-check on ({Variable}): every edit is also parsed in full and compared", IncrementalSelfCheck.EnvironmentVariable);
        }

        await indexer.IndexAsync([.. session.Roots]).ConfigureAwait(true);
    }

    [JsonRpcMethod("shutdown")]
    public void Shutdown()
    {
        session.Gate();
        session.Phase = ServerPhase.ShutDown;
        session.Log.LogDebug("shutdown");
    }

    [JsonRpcMethod("exit")]
    public void Exit() => session.SetExit(session.Phase == ServerPhase.ShutDown ? 0 : 1);

    [JsonRpcMethod("$/setTrace", UseSingleObjectParameterDeserialization = true)]
    public void SetTrace(SetTraceParams p) => ApplyTrace(p.Value);

    /// <summary><c>$/setTrace</c>: <c>verbose</c> sends debug-level log messages to the client too.</summary>
    private void ApplyTrace(string? value) => session.Logs.ClientLevel = value == "verbose" ? LogLevel.Debug : LogLevel.Information;
}
