using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// Keeps the client's diagnostics current. Nothing is computed per edit: a flush is posted behind the messages
/// already queued and deferred again while more are waiting, so a burst of edits costs one computation per document.
/// With push (<c>textDocument/publishDiagnostics</c>), a document is published only when what the client shows
/// changes, compared in line and character; with pull, the client is asked to pull again instead.
/// </summary>
internal sealed class DiagnosticsPublisher(ServerSession session)
{
    private const int MaxPublishDeferrals = 64;

    private readonly Dictionary<string, List<Published>> published = new(StringComparer.Ordinal);
    private readonly HashSet<string> dirty = new(StringComparer.Ordinal);
    private bool allDirty;
    private bool globalChange;
    private bool flushScheduled;
    private int deferrals;

    /// <summary>
    /// Raised after a flush that found something changed (pull clients re-pull; workspace pulls wake up); true when the
    /// change was global (entry numbers or tag counts), which cross-file views such as code lenses also show.
    /// </summary>
    public event Action<bool>? Changed;

    public void MarkDirty(string key)
    {
        dirty.Add(key);
        Schedule();
    }

    public void MarkAllDirty()
    {
        allDirty = true;
        Schedule();
    }

    /// <summary>An index update: every open document when it was global, else those holding a copy of a changed entry.</summary>
    public void Apply(IndexChange change)
    {
        if (change.Global)
        {
            allDirty = true;
            globalChange = true;
        }
        else
        {
            foreach (var number in change.Numbers)
            {
                foreach (var key in session.Workspace.DocumentsDefining(number))
                {
                    dirty.Add(key);
                }
            }
        }

        if (change.Any)
        {
            Schedule();
        }
    }

    /// <summary>The client closed a document: clear what it shows for it.</summary>
    public void Forget(string key, string uri)
    {
        if (published.Remove(key))
        {
            session.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
        }
    }

    public void Schedule()
    {
        if (!flushScheduled)
        {
            flushScheduled = true;
            session.Context.Post(_ => Flush(), null);
        }
    }

    private void Flush()
    {
        if (session.Context.Pending > 0 && deferrals < MaxPublishDeferrals)
        {
            deferrals++;
            session.Context.Post(_ => Flush(), null);
            return;
        }

        deferrals = 0;
        flushScheduled = false;
        session.OnActivity?.Invoke();
        if (!session.Indexed.IsCompleted || session.Phase != ServerPhase.Initialized)
        {
            return;
        }

        var workspace = session.Workspace;
        var targets = allDirty ? workspace.OpenDocuments.ToList() : dirty.Where(workspace.IsOpen).ToList();
        var anything = allDirty || dirty.Count > 0;
        var global = globalChange;
        allDirty = false;
        globalChange = false;
        dirty.Clear();
        if (session.Client.PullDiagnostics)
        {
            if (anything)
            {
                Changed?.Invoke(global);
            }

            return;
        }

        foreach (var key in targets)
        {
            if (workspace.Get(key) is not { } document)
            {
                continue;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var diagnostics = workspace.Diagnostics(key);
            if (Convert(document, diagnostics, published.GetValueOrDefault(key)) is not { } lsp)
            {
                continue;
            }

            published[key] = lsp;
            session.Log.LogDebug("diagnostics: {Count} computed and converted in {Elapsed:F2} ms", lsp.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            session.Notify("textDocument/publishDiagnostics", PublishParams(session.Convert.UriOf(key), workspace.EditorOf(key)?.Version, lsp));
        }

        if (anything)
        {
            Changed?.Invoke(global);
        }
    }

    /// <summary>
    /// The diagnostics as the client would see them, or null when that is exactly what it shows already. Compared in
    /// line/character: an edit moves the offsets of every later diagnostic but rarely their position. What the client
    /// already has is reused (the LSP record and its JSON), so an edit that adds or removes a diagnostic converts and
    /// serialises only that one; the previous list is followed with one step of look-ahead.
    /// </summary>
    private List<Published>? Convert(NoteDocument document, IReadOnlyList<NoteDiagnostic> diagnostics, List<Published>? previous)
    {
        var result = new List<Published>(diagnostics.Count);
        var unchanged = previous is not null && previous.Count == diagnostics.Count;
        var cursor = document.CreatePositionCursor();
        var j = 0;
        foreach (var d in diagnostics)
        {
            var start = cursor.PositionOf(d.Span.Start);
            var end = cursor.PositionOf(d.Span.End);
            Published? same = null;
            if (previous is not null && j < previous.Count && session.Convert.IsPublishedAs(document, d, start, end, previous[j].Lsp))
            {
                same = previous[j++];
            }
            else if (previous is not null && j + 1 < previous.Count && session.Convert.IsPublishedAs(document, d, start, end, previous[j + 1].Lsp))
            {
                same = previous[j + 1];
                j += 2;
                unchanged = false;
            }
            else
            {
                unchanged = false;
            }

            result.Add(same ?? new Published(session.Convert.Diagnostic(document, d, start, end)));
        }

        return unchanged ? null : result;
    }

    /// <summary><c>publishDiagnostics</c> parameters written from each diagnostic's JSON (kept while the client shows it).</summary>
    private static PublishDiagnosticsJson PublishParams(string uri, int? version, List<Published> diagnostics)
    {
        var json = new byte[diagnostics.Count][];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = diagnostics[i].Json;
        }

        return new PublishDiagnosticsJson(uri, version, json);
    }

    /// <summary>A diagnostic as published: the LSP record and its JSON.</summary>
    private sealed class Published(Diagnostic lsp)
    {
        private byte[]? json;

        public Diagnostic Lsp => lsp;

        public byte[] Json => json ??= JsonSerializer.SerializeToUtf8Bytes(lsp, LspJsonContext.Default.Diagnostic);
    }
}
