using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// Document synchronisation: the client's open documents replace their disk copies in the workspace; each change is
/// parsed incrementally and applied to the index as a delta. State changes happen synchronously, in message order.
/// </summary>
internal sealed class DocumentSync(ServerSession session, DiagnosticsPublisher publisher, WorkspaceIndexer indexer)
{
    public void Open(TextDocumentItem item)
    {
        var key = session.Convert.KeyOf(item.Uri);
        // Opening a dump the workspace has indexed from disk, unchanged: keep that parse. Parsing it again would double
        // the dump's memory until the next full collection (a 6.5 MB dump allocates ~14 MB to parse).
        var document = session.Workspace.Get(key) is { } indexed && indexed.HasText(item.Text) ? indexed : NoteDocument.Parse(item.Text);
        var change = session.Workspace.SetOpen(key, new EditorState(item.Uri, item.Version), document);
        publisher.Apply(change);
        publisher.MarkDirty(session.Workspace.CanonicalKey(key));
    }

    public void Change(DidChangeTextDocumentParams p)
    {
        var workspace = session.Workspace;
        var key = session.Convert.KeyOf(p.TextDocument.Uri);
        if (workspace.EditorOf(key) is not { } editor || workspace.Get(key) is not { } document)
        {
            session.Log.LogWarning("didChange for a document that is not open: {Uri}", p.TextDocument.Uri);
            return;
        }

        var version = p.TextDocument.Version ?? editor.Version + 1;
        if (version <= editor.Version)
        {
            session.Log.LogWarning("didChange for {Uri}: version {Version} is not newer than {Current}; applying it anyway", p.TextDocument.Uri, version, editor.Version);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Off (the default in Release builds), a keystroke allocates nothing for the check.
        var check = session.SelfCheckEnabled ? new IncrementalSelfCheck(true, mismatch => session.Log.LogError(
            "Incremental parse of {Uri} v{Version} differed from a full parse after the edit {Edit}: {Difference}. Using the full parse.",
            p.TextDocument.Uri, version, mismatch.Edit, mismatch.Difference)) : null;
        foreach (var change in p.ContentChanges)
        {
            var before = document;
            if (change.Range is null)
            {
                document = NoteDocument.Parse(change.Text ?? string.Empty);
                publisher.Edited(key, null);
                continue;
            }

            var edit = new TextChange(session.Convert.Span(document, change.Range), change.Text ?? string.Empty);
            document = document.WithChange(edit, check);
            publisher.Edited(key, new(before, edit, document));
        }

        var parsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        publisher.Apply(workspace.SetOpen(key, editor with { Version = version }, document));
        publisher.MarkDirty(key);
        if (session.Log.IsEnabled(LogLevel.Debug))
        {
            session.Log.LogDebug("didChange v{Version}: parse {Parse:F2} ms, index {Index:F2} ms", version, parsed.TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public void Close(TextDocumentIdentifier id)
    {
        var key = session.Convert.KeyOf(id.Uri);
        var uri = session.Convert.UriOf(key);
        if (!session.Workspace.Close(key))
        {
            session.Log.LogWarning("didClose for a document that is not open: {Uri}", id.Uri);
            return;
        }

        // The disk copy takes over again (or the document leaves the workspace).
        indexer.ReloadFromDisk(key);
        publisher.Forget(key, uri);
    }

    /// <summary>
    /// Re-parses an open document from one string once edits spread over it keep more than a quarter of its text
    /// twice (see <see cref="NoteDocument.RetainedTextLength"/>). Nothing the client sees changes: same text, same
    /// index; per-entry caches refill on the next request.
    /// </summary>
    public void CompactOpenDocuments()
    {
        foreach (var key in session.Workspace.OpenDocuments.ToList())
        {
            if (session.Workspace.Get(key) is { } document && document.RetainedTextLength() is var retained && retained > (document.Length * 5L / 4) + (64 * 1024))
            {
                session.Workspace.ReplaceWithSameText(key, document.Compacted());
                session.Log.LogDebug("{Key}: compacted, {Retained:N0} → {Length:N0} code units of text held", key, retained, document.Length);
            }
        }
    }
}
