using System.Globalization;
using NotesLsp.Analysis;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/diagnostic</c> and <c>workspace/diagnostic</c>, for clients that pull (the same diagnostics as the
/// push path; clients that do not pull, such as Neovim 0.7, are pushed to). A result id says which index, document
/// and configuration state a report reflects, so an unchanged dump costs a comparison, not a computation. Dumps the
/// editor does not have open report errors and warnings only: in a partial collection, thousands of "no entry #N"
/// would bury them (the <c>notesLsp.diagnostics.closedDumpInformation</c> setting brings them back). A workspace
/// pull in which nothing changed waits for the next change, so the client's re-pull loop does not spin.
/// </summary>
internal sealed partial class LspEndpoints
{
    private static readonly TimeSpan WorkspacePullWait = TimeSpan.FromSeconds(30);

    private TaskCompletionSource diagnosticsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [JsonRpcMethod("textDocument/diagnostic", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentDiagnosticReport> DocumentDiagnosticAsync(DocumentDiagnosticParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return new DocumentDiagnosticReport("full", null, []);
        }

        var id = ResultId(key);
        if (p.PreviousResultId == id)
        {
            return new DocumentDiagnosticReport("unchanged", id, null);
        }

        var cursor = document.CreatePositionCursor();
        return new DocumentDiagnosticReport("full", id, [.. Reported(key).Select(d => session.Convert.Diagnostic(document, d, cursor.PositionOf(d.Span.Start), cursor.PositionOf(d.Span.End)))]);
    }

    [JsonRpcMethod("workspace/diagnostic", UseSingleObjectParameterDeserialization = true)]
    public async Task<WorkspaceDiagnosticReport> WorkspaceDiagnosticAsync(WorkspaceDiagnosticParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in p.PreviousResultIds ?? [])
        {
            previous[session.Convert.KeyOf(item.Uri)] = item.Value;
        }

        var report = WorkspaceReport(previous);
        if (report.Items.All(i => i.Kind == "unchanged") && previous.Count > 0)
        {
            var changed = diagnosticsChanged.Task;
            await Task.WhenAny(changed, Task.Delay(WorkspacePullWait, ct)).ConfigureAwait(true);
            ct.ThrowIfCancellationRequested();
            report = WorkspaceReport(previous);
        }

        return report;
    }

    private WorkspaceDiagnosticReport WorkspaceReport(Dictionary<string, string> previous)
    {
        var items = new List<WorkspaceDocumentDiagnosticReport>();
        foreach (var key in session.Workspace.Documents)
        {
            if (session.Workspace.IsOpen(key) || session.Workspace.Get(key) is not { } document)
            {
                continue;
            }

            var id = ResultId(key);
            var uri = session.Convert.UriOf(key);
            items.Add(previous.TryGetValue(key, out var old) && old == id
                ? new WorkspaceDocumentDiagnosticReport("unchanged", id, null, uri, null)
                : new WorkspaceDocumentDiagnosticReport("full", id, [.. Reported(key).Select(d => session.Convert.Diagnostic(document, d))], uri, null));
        }

        return new WorkspaceDiagnosticReport(items);
    }

    /// <summary>What a pull reports for a document: everything when it is open, errors and warnings (by default) when not.</summary>
    private IEnumerable<NoteDiagnostic> Reported(string key)
    {
        var all = session.Workspace.Diagnostics(key);
        return session.Workspace.IsOpen(key) || configuration.Settings.ClosedDumpInformation ? all : all.Where(d => d.Severity >= Severity.Warning);
    }

    private string ResultId(string key) => string.Create(
        CultureInfo.InvariantCulture,
        $"{session.Workspace.IndexVersion}.{session.Workspace.StampOf(key)}.{configuration.Generation}.{(session.Workspace.IsOpen(key) || configuration.Settings.ClosedDumpInformation ? 1 : 0)}");

    /// <summary>After a flush that changed something: pulls wake up, and pull clients are asked to pull again.</summary>
    private void OnDiagnosticsChanged(bool global)
    {
        var changed = diagnosticsChanged;
        diagnosticsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
        if (session.Client.PullDiagnostics && session.Client.DiagnosticRefresh)
        {
            _ = session.RequestAsync("workspace/diagnostic/refresh", null);
        }

        if (global)
        {
            RefreshViews();
        }
    }

    /// <summary>Inlay hints and code lenses show cross-file facts: ask the client to fetch them again.</summary>
    private void RefreshViews()
    {
        if (session.Client.InlayHintRefresh)
        {
            _ = session.RequestAsync("workspace/inlayHint/refresh", null);
        }

        if (session.Client.CodeLensRefresh)
        {
            _ = session.RequestAsync("workspace/codeLens/refresh", null);
        }
    }
}
