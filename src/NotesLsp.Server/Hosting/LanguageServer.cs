using System.Diagnostics.CodeAnalysis;
using System.IO.Enumeration;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Features;
using NotesLsp.Server.Protocol;
using NotesLsp.Server.Transport;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// The JSON-RPC target: lifecycle, document synchronisation, workspace indexing, configuration and diagnostics.
/// Every method runs on the server's serial synchronisation context, so state changes happen in message order;
/// handlers that change state do so before their first await. Each LSP feature lives in its own file under
/// <c>Features/</c> and is called from here.
/// </summary>
internal sealed class LanguageServer
{
    private const int MaxPublishDeferrals = 64;

    private readonly ILogger log;
    private readonly LspLoggerProvider logs;
    private readonly SerialSynchronizationContext context;
    private readonly DocumentStore store;
    private readonly IdleMemoryTrim memoryTrim;
    private readonly TaskCompletionSource<int> exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource indexed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, List<Diagnostic>> published = new(StringComparer.Ordinal);
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private readonly List<string> roots = [];
    private JsonRpc? rpc;
    private Phase phase;
    private bool flushScheduled;
    private int deferrals;
    private int publishedIndexVersion = -1;
    private bool allDirty;
    private bool progressSupported;
    private bool watchRegistrationSupported;
    private bool configurationPullSupported;
    private IReadOnlyList<KeyValuePair<string, string>> initializationRules = [];
    // Null until the client sends settings; from then on they replace the initialization options' rules.
    private IReadOnlyList<KeyValuePair<string, string>>? settingsRules;

    public LanguageServer(ILoggerFactory loggers, LspLoggerProvider logs, SerialSynchronizationContext context)
    {
        log = loggers.CreateLogger("NotesLsp.Server");
        this.logs = logs;
        this.context = context;
        store = new DocumentStore(new Workspace())
        {
            OnUnknownDocument = uri => log.LogInformation("Request for a document that is neither open nor in the workspace: {Uri}", uri),
        };
        memoryTrim = new IdleMemoryTrim(context, log, CompactOpenDocuments);
    }

    private enum Phase
    {
        Created,
        Initialized,
        ShutDown,
    }

    /// <summary>Completes with the process exit code when the client sends <c>exit</c>.</summary>
    public Task<int> Exited => exit.Task;

    public bool ShutdownRequested => phase == Phase.ShutDown;

    public void Attach(JsonRpc connection)
    {
        rpc = connection;
        logs.ClientSink = (type, message) => Notify("window/logMessage", new LogMessageParams(type, message), quiet: true);
    }

    // ---------------------------------------------------------------- lifecycle

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams p)
    {
        if (phase != Phase.Created)
        {
            throw new LocalRpcException("initialize was already received") { ErrorCode = Lsp.InvalidRequest };
        }

        var caps = p.Capabilities;
        store.Encoder = PositionEncoder.Negotiate(Strings(caps, "general", "positionEncodings"));
        progressSupported = Flag(caps, "window", "workDoneProgress");
        watchRegistrationSupported = Flag(caps, "workspace", "didChangeWatchedFiles", "dynamicRegistration");
        configurationPullSupported = Flag(caps, "workspace", "configuration");
        store.DocumentChangesSupported = Flag(caps, "workspace", "workspaceEdit", "documentChanges");
        ApplyTrace(p.Trace);

        if (p.WorkspaceFolders is { Count: > 0 } folders)
        {
            roots.AddRange(folders.Select(f => DocumentStore.KeyOf(f.Uri)).Where(Path.IsPathFullyQualified));
        }
        else if (p.RootUri is { } rootUri)
        {
            roots.Add(DocumentStore.KeyOf(rootUri));
        }
        else if (!string.IsNullOrEmpty(p.RootPath))
        {
            roots.Add(Path.GetFullPath(p.RootPath));
        }

        initializationRules = RulesOf(p.InitializationOptions);
        ApplyConfiguration(publish: false);
        phase = Phase.Initialized;
        log.LogDebug("initialize: encoding {Encoding}, roots {Roots}", store.Encoder.Name, string.Join(", ", roots));

        return new InitializeResult(
            new ServerCapabilities
            {
                PositionEncoding = store.Encoder.Name,
                TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: Lsp.SyncIncremental, Save: null),
                CompletionProvider = new CompletionOptions(["#", "・"], ResolveProvider: false, new CompletionItemOptions(LabelDetailsSupport: true)),
                HoverProvider = true,
                DefinitionProvider = true,
                ReferencesProvider = true,
                DocumentSymbolProvider = true,
                WorkspaceSymbolProvider = true,
                CodeActionProvider = new CodeActionOptions([Lsp.QuickFix, Lsp.RefactorRewrite]),
                DocumentLinkProvider = new DocumentLinkOptions(ResolveProvider: false),
                DocumentFormattingProvider = true,
                RenameProvider = new RenameOptions(PrepareProvider: true),
                FoldingRangeProvider = true,
                SemanticTokensProvider = new SemanticTokensOptions(SemanticTokensHandler.Legend, Range: true, Full: true),
                Workspace = new WorkspaceServerCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: true)),
            },
            new ServerInfo("notes-lsp", (System.Reflection.Assembly.GetEntryAssembly() ?? typeof(LanguageServer).Assembly).GetName().Version?.ToString(3)));
    }

    [JsonRpcMethod("initialized")]
    public async Task InitializedAsync()
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        if (watchRegistrationSupported)
        {
            var registration = new RegistrationParams(
            [
                new Registration("notes-lsp-watch", "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(
                [
                    new FileWatcher("**/*.notes"),
                    new FileWatcher("**/*.txt"),
                    new FileWatcher("**/" + NotesConfig.FileName),
                ])),
            ]);
            _ = Request("client/registerCapability", registration);
        }

        await IndexAsync(roots.ToList()).ConfigureAwait(true);
    }

    [JsonRpcMethod("shutdown")]
    public void Shutdown()
    {
        Gate();
        phase = Phase.ShutDown;
        log.LogDebug("shutdown");
    }

    [JsonRpcMethod("exit")]
    public void Exit() => exit.TrySetResult(phase == Phase.ShutDown ? 0 : 1);

    [JsonRpcMethod("$/setTrace", UseSingleObjectParameterDeserialization = true)]
    public void SetTrace(SetTraceParams p) => ApplyTrace(p.Value);

    // ---------------------------------------------------------------- document synchronisation

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        var item = p.TextDocument;
        var key = DocumentStore.KeyOf(item.Uri);
        store.SetOpen(key, item.Uri, item.Version);
        store.Workspace.Set(key, NoteDocument.Parse(item.Text), []);
        MarkDirty(key);
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        var key = DocumentStore.KeyOf(p.TextDocument.Uri);
        if (!store.IsOpen(key) || store.Workspace.Get(key) is not { } document)
        {
            log.LogWarning("didChange for a document that is not open: {Uri}", p.TextDocument.Uri);
            return;
        }

        var version = p.TextDocument.Version ?? (store.VersionOf(key) ?? 0) + 1;
        if (store.VersionOf(key) is { } current && version <= current)
        {
            log.LogWarning("didChange for {Uri}: version {Version} is not newer than {Current}; applying it anyway", p.TextDocument.Uri, version, current);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var change in p.ContentChanges)
        {
            if (change.Range is null)
            {
                document = NoteDocument.Parse(change.Text ?? string.Empty);
            }
            else
            {
                var span = store.Encoder.ToSpan(document, change.Range);
                document = document.WithChange(new TextChange(span, change.Text ?? string.Empty));
            }
        }

        var parsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        store.SetOpen(key, p.TextDocument.Uri, version);
        store.Workspace.Set(key, document);
        MarkDirty(key);
        if (log.IsEnabled(LogLevel.Debug))
        {
            log.LogDebug("didChange v{Version}: parse {Parse:F2} ms, index {Index:F2} ms", version, parsed.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        var key = DocumentStore.KeyOf(p.TextDocument.Uri);
        var uri = store.UriOf(key);
        if (!store.Close(key))
        {
            log.LogWarning("didClose for a document that is not open: {Uri}", p.TextDocument.Uri);
            return;
        }

        // The disk copy takes over again (or the document leaves the workspace).
        ReloadFromDisk(key);
        if (published.Remove(key))
        {
            Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
        }

        SchedulePublish();
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams p) => _ = p;

    // ---------------------------------------------------------------- workspace

    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        var config = false;
        foreach (var change in p.Changes)
        {
            var key = DocumentStore.KeyOf(change.Uri);
            if (string.Equals(Path.GetFileName(key), NotesConfig.FileName, StringComparison.Ordinal))
            {
                config = true;
            }
            else if (!store.IsOpen(key))
            {
                if (change.Type == Lsp.FileDeleted)
                {
                    store.Workspace.Remove(key);
                }
                else
                {
                    ReloadFromDisk(key);
                }
            }
        }

        if (config)
        {
            ApplyConfiguration(publish: true);
        }

        SchedulePublish();
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        if (p.Settings is { ValueKind: JsonValueKind.Object } settings && settings.TryGetProperty("notesLsp", out var section))
        {
            settingsRules = RulesOf(section);
            ApplyConfiguration(publish: true);
            return;
        }

        if (configurationPullSupported && rpc is not null)
        {
            try
            {
                var result = await Invoke("workspace/configuration", new ConfigurationParams([new ConfigurationItem(null, "notesLsp")])).ConfigureAwait(true);
                if (result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0)
                {
                    settingsRules = RulesOf(result[0]);
                    ApplyConfiguration(publish: true);
                }
            }
            catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
            {
                log.LogDebug("workspace/configuration failed: {Message}", e.Message);
            }
        }
    }

    [JsonRpcMethod("workspace/didChangeWorkspaceFolders", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeWorkspaceFoldersAsync(DidChangeWorkspaceFoldersParams p)
    {
        if (phase != Phase.Initialized)
        {
            return;
        }

        foreach (var removed in p.Event.Removed)
        {
            var root = DocumentStore.KeyOf(removed.Uri);
            roots.Remove(root);
            foreach (var key in store.Workspace.Documents.ToList())
            {
                if (!store.IsOpen(key) && !UnderRoots(key))
                {
                    store.Workspace.Remove(key);
                }
            }
        }

        var added = p.Event.Added.Select(f => DocumentStore.KeyOf(f.Uri)).Where(Path.IsPathFullyQualified).ToList();
        roots.AddRange(added);
        SchedulePublish();
        if (added.Count > 0)
        {
            await IndexAsync(added).ConfigureAwait(true);
        }
    }

    // ---------------------------------------------------------------- features

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public async Task<CompletionList?> CompletionAsync(CompletionParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? CompletionHandler.Complete(store, d.Key, d.Document, p.Position) : null;
    }

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public async Task<Location[]?> DefinitionAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? DefinitionHandler.Definition(store, d.Document, p.Position) : null;
    }

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public async Task<Location[]?> ReferencesAsync(ReferenceParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? ReferencesHandler.References(store, d.Document, p.Position, p.Context?.IncludeDeclaration ?? false, ct) : null;
    }

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public async Task<Hover?> HoverAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? HoverHandler.Hover(store, d.Document, p.Position) : null;
    }

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentSymbol[]?> DocumentSymbolAsync(DocumentSymbolParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? DocumentSymbolHandler.Symbols(store, d.Key, d.Document, ct) : null;
    }

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public async Task<SymbolInformation[]> WorkspaceSymbolAsync(WorkspaceSymbolParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return await WorkspaceSymbolHandler.SearchAsync(store, p.Query ?? string.Empty, ct).ConfigureAwait(true);
    }

    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public async Task<FoldingRange[]?> FoldingRangeAsync(FoldingRangeParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? FoldingRangeHandler.Ranges(d.Document) : null;
    }

    [JsonRpcMethod("textDocument/documentLink", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentLink[]?> DocumentLinkAsync(DocumentLinkParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? DocumentLinkHandler.Links(store, d.Document) : null;
    }

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public async Task<SemanticTokens?> SemanticTokensFullAsync(SemanticTokensParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? SemanticTokensHandler.Tokens(store, d.Document, null) : null;
    }

    [JsonRpcMethod("textDocument/semanticTokens/range", UseSingleObjectParameterDeserialization = true)]
    public async Task<SemanticTokens?> SemanticTokensRangeAsync(SemanticTokensRangeParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? SemanticTokensHandler.Tokens(store, d.Document, p.Range) : null;
    }

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeAction[]?> CodeActionAsync(CodeActionParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? CodeActionHandler.Actions(store, d.Key, d.Document, p.Range, p.Context?.Only) : null;
    }

    [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
    public async Task<PrepareRenameResult?> PrepareRenameAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? RenameHandler.Prepare(store, d.Document, p.Position) : null;
    }

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public async Task<WorkspaceEdit?> RenameAsync(RenameParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? RenameHandler.Rename(store, d.Document, p.Position, p.NewName, ct) : null;
    }

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public async Task<TextEdit[]?> FormattingAsync(DocumentFormattingParams p, CancellationToken ct)
    {
        await ReadyAsync(ct).ConfigureAwait(true);
        return store.Find(p.TextDocument) is { } d ? FormattingHandler.Format(store, d.Document) : null;
    }

    // ---------------------------------------------------------------- plumbing

    /// <summary>
    /// Re-parses an open document from one string once edits spread over it keep more than a quarter of its text
    /// twice (see <see cref="NoteDocument.RetainedTextLength"/>). Nothing the client sees changes: same text, same
    /// index; per-entry caches refill on the next request.
    /// </summary>
    private void CompactOpenDocuments()
    {
        foreach (var key in store.OpenKeys.ToList())
        {
            if (store.Workspace.Get(key) is { } document && document.RetainedTextLength() is var retained && retained > (document.Length * 5L / 4) + (64 * 1024))
            {
                store.Workspace.ReplaceWithSameText(key, document.Compacted());
                log.LogDebug("{Key}: compacted, {Retained:N0} → {Length:N0} code units of text held", key, retained, document.Length);
            }
        }
    }

    /// <summary>Throws the spec's errors for requests outside the initialised phase; waits for the first index.</summary>
    private Task ReadyAsync(CancellationToken ct)
    {
        Gate();
        memoryTrim.Activity();
        ct.ThrowIfCancellationRequested();
        return indexed.Task.IsCompleted ? Task.CompletedTask : indexed.Task.WaitAsync(ct);
    }

    private void Gate()
    {
        switch (phase)
        {
            case Phase.Created:
                throw new LocalRpcException("The server is not initialized: send initialize first.") { ErrorCode = Lsp.ServerNotInitialized };
            case Phase.ShutDown:
                throw new LocalRpcException("The server is shutting down: only exit is accepted now.") { ErrorCode = Lsp.InvalidRequest };
            default:
                break;
        }
    }

    private async Task IndexAsync(List<string> folders)
    {
        JsonElement? token = null;
        if (progressSupported && rpc is not null)
        {
            var candidate = JsonSerializer.SerializeToElement("notes-lsp/index/" + Guid.NewGuid().ToString("N"), LspJsonContext.Default.String);
            try
            {
                await Invoke("window/workDoneProgress/create", new WorkDoneProgressCreateParams(candidate)).ConfigureAwait(true);
                token = candidate;
            }
            catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
            {
                log.LogDebug("window/workDoneProgress/create failed: {Message}", e.Message);
            }
        }

        try
        {
            Progress(token, new WorkDoneProgressValue { Kind = "begin", Title = "Indexing notes", Percentage = 0, Cancellable = false });
            var excludes = store.Workspace.Config;
            var files = await Task.Run(() => folders
                .SelectMany(f => Directory.Exists(f) ? NoteFileDiscovery.Enumerate(f, [], (path, problem) => log.LogWarning("{Path}: {Problem}", path, problem)) : [])
                .Distinct(StringComparer.Ordinal).Where(f => !excludes.Excludes(f)).ToList()).ConfigureAwait(true);
            // Files are read and parsed in parallel off the server thread, a batch at a time; each batch then joins the
            // workspace on the server thread, so messages that arrive meanwhile are handled between batches.
            var batchSize = Math.Max(16, Environment.ProcessorCount * 16);
            var lastPercent = 0;
            for (var first = 0; first < files.Count; first += batchSize)
            {
                var batch = files.GetRange(first, Math.Min(batchSize, files.Count - first));
                var loaded = await Task.Run(() =>
                {
                    var results = new LoadedFile?[batch.Count];
                    Parallel.For(0, batch.Count, i => results[i] = Load(batch[i]));
                    return results;
                }).ConfigureAwait(true);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (loaded[i] is { } l && !store.IsOpen(batch[i]))
                    {
                        store.Workspace.Set(batch[i], l.Document, l.Diagnostics);
                    }
                }

                var done = first + batch.Count;
                var percent = (int)(done * 100L / files.Count);
                if (percent >= lastPercent + 5 || done == files.Count)
                {
                    lastPercent = percent;
                    Progress(token, new WorkDoneProgressValue { Kind = "report", Message = $"{done}/{files.Count} files", Percentage = percent });
                }
            }

            Progress(token, new WorkDoneProgressValue { Kind = "end", Message = $"Indexed {files.Count} notes files" });
            log.LogInformation("Indexed {Count} notes files in {Roots}", files.Count, string.Join(", ", folders));
        }
        catch (Exception e)
        {
            log.LogError(e, "Indexing failed");
        }
        finally
        {
            indexed.TrySetResult();
            allDirty = true;
            SchedulePublish();
            memoryTrim.AfterBulkWork();
        }
    }

    private sealed record LoadedFile(NoteDocument Document, IReadOnlyList<NoteDiagnostic> Diagnostics);

    /// <summary>Reads and parses a file; null (with a log line) when it cannot be read. Safe to call off the server thread.</summary>
    private LoadedFile? Load(string path)
    {
        try
        {
            var file = NoteFile.Read(path);
            return new LoadedFile(NoteDocument.Parse(file.Text), file.EncodingDiagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("{Path}: not indexed: {Message}", path, e.Message);
            return null;
        }
    }

    private void ReloadFromDisk(string key)
    {
        if (Path.IsPathFullyQualified(key) && File.Exists(key) && UnderRoots(key) && !store.Workspace.Config.Excludes(key) && NoteFileDiscovery.IsNoteFile(key) && Load(key) is { } loaded)
        {
            store.Workspace.Set(key, loaded.Document, loaded.Diagnostics);
        }
        else
        {
            store.Workspace.Remove(key);
        }
    }

    private bool UnderRoots(string path) =>
        roots.Any(r => path.StartsWith(r.EndsWith(Path.DirectorySeparatorChar) ? r : r + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    private void ApplyConfiguration(bool publish)
    {
        try
        {
            var fromFile = roots.Count > 0 ? NotesConfig.FindFor(roots[0]) : NotesConfig.Default;
            store.Workspace.Config = fromFile.With(settingsRules ?? initializationRules);
        }
        catch (Exception e) when (e is ConfigException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Configuration ignored: {Message}", e.Message);
            Notify("window/showMessage", new ShowMessageParams(Lsp.MessageWarning, "notes-lsp: configuration ignored: " + e.Message));
        }

        if (publish)
        {
            allDirty = true;
            SchedulePublish();
        }
    }

    private static List<KeyValuePair<string, string>> RulesOf(JsonElement? options)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (options is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Object)
        {
            foreach (var rule in rules.EnumerateObject())
            {
                result.Add(new(rule.Name, rule.Value.ValueKind == JsonValueKind.String ? rule.Value.GetString()! : rule.Value.GetRawText()));
            }
        }

        return result;
    }

    /// <summary><c>$/setTrace</c>: <c>verbose</c> sends debug-level log messages to the client too.</summary>
    private void ApplyTrace(string? value) => logs.ClientLevel = value == "verbose" ? LogLevel.Debug : LogLevel.Information;

    private void MarkDirty(string key)
    {
        dirty.Add(key);
        SchedulePublish();
    }

    /// <summary>
    /// Diagnostics are not computed per edit: a flush is posted behind the messages already queued, and deferred
    /// again while more are waiting, so a burst of edits costs one computation per document.
    /// </summary>
    private void SchedulePublish()
    {
        if (!flushScheduled)
        {
            flushScheduled = true;
            context.Post(_ => Flush(), null);
        }
    }

    private void Flush()
    {
        if (context.Pending > 0 && deferrals < MaxPublishDeferrals)
        {
            deferrals++;
            context.Post(_ => Flush(), null);
            return;
        }

        deferrals = 0;
        flushScheduled = false;
        memoryTrim.Activity();
        if (!indexed.Task.IsCompleted || phase != Phase.Initialized)
        {
            return;
        }

        var all = allDirty || publishedIndexVersion != store.Workspace.IndexVersion;
        var targets = all ? store.OpenKeys.ToList() : dirty.Where(store.IsOpen).ToList();
        allDirty = false;
        dirty.Clear();
        publishedIndexVersion = store.Workspace.IndexVersion;
        foreach (var key in targets)
        {
            var document = store.Workspace.Get(key);
            if (document is null)
            {
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var diagnostics = store.Workspace.Diagnostics(key);

            // Compared in line/character: an edit moves the offsets of every later diagnostic but rarely their
            // position, and the client only needs a publish when what it shows changes.
            if (published.TryGetValue(key, out var previous) && IsPublished(document, diagnostics, previous))
            {
                continue;
            }

            var lsp = new List<Diagnostic>(diagnostics.Count);
            foreach (var d in diagnostics)
            {
                lsp.Add(store.ToLsp(document, d));
            }

            published[key] = lsp;
            log.LogDebug("diagnostics: {Count} computed and converted in {Elapsed:F2} ms", lsp.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(store.UriOf(key), store.VersionOf(key), lsp));
        }
    }

    private bool IsPublished(NoteDocument document, IReadOnlyList<NoteDiagnostic> diagnostics, List<Diagnostic> previous)
    {
        if (diagnostics.Count != previous.Count)
        {
            return false;
        }

        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (!store.IsPublishedAs(document, diagnostics[i], previous[i]))
            {
                return false;
            }
        }

        return true;
    }

    private void Progress(JsonElement? token, WorkDoneProgressValue value)
    {
        if (token is { } t)
        {
            Notify("$/progress", new ProgressParams(t, value));
        }
    }

    private void Notify(string method, object argument, bool quiet = false)
    {
        if (rpc is null || rpc.IsDisposed)
        {
            return;
        }

        try
        {
            var sent = SendNotification(rpc, method, argument);
            if (!quiet)
            {
                _ = sent.ContinueWith(t => log.LogDebug("{Method} not sent: {Message}", method, t.Exception?.GetBaseException().Message), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
            else
            {
                _ = sent.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or ConnectionLostException)
        {
        }
    }

    private async Task Request(string method, object argument)
    {
        if (rpc is null)
        {
            return;
        }

        try
        {
            await Invoke(method, argument).ConfigureAwait(true);
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            log.LogDebug("{Method} failed: {Message}", method, e.Message);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The argument is serialised whole by SystemTextJsonFormatter with LspJsonContext metadata, not reflected over.")]
    private Task<JsonElement> Invoke(string method, object argument) => rpc!.InvokeWithParameterObjectAsync<JsonElement>(method, argument);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The argument is serialised whole by SystemTextJsonFormatter with LspJsonContext metadata, not reflected over.")]
    private static Task SendNotification(JsonRpc connection, string method, object argument) => connection.NotifyWithParameterObjectAsync(method, argument);

    private static bool Flag(JsonElement? root, params string[] path) => Walk(root, path) is { ValueKind: JsonValueKind.True };

    private static List<string>? Strings(JsonElement? root, params string[] path) =>
        Walk(root, path) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)] : null;

    private static JsonElement? Walk(JsonElement? root, string[] path)
    {
        if (root is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }
}
