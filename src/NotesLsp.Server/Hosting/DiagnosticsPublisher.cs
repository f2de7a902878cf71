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

    private readonly Dictionary<string, List<Diagnostic>> published = new(StringComparer.Ordinal);
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

            // Compared in line/character: an edit moves the offsets of every later diagnostic but rarely their
            // position, and the client only needs a publish when what it shows changes.
            if (published.TryGetValue(key, out var previous) && IsPublished(document, diagnostics, previous))
            {
                continue;
            }

            var lsp = new List<Diagnostic>(diagnostics.Count);
            var cursor = document.CreatePositionCursor();
            foreach (var d in diagnostics)
            {
                lsp.Add(session.Convert.Diagnostic(document, d, cursor));
            }

            published[key] = lsp;
            session.Log.LogDebug("diagnostics: {Count} computed and converted in {Elapsed:F2} ms", lsp.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            session.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(session.Convert.UriOf(key), workspace.EditorOf(key)?.Version, lsp));
        }

        if (anything)
        {
            Changed?.Invoke(global);
        }
    }

    private bool IsPublished(NoteDocument document, IReadOnlyList<NoteDiagnostic> diagnostics, List<Diagnostic> previous)
    {
        if (diagnostics.Count != previous.Count)
        {
            return false;
        }

        var cursor = document.CreatePositionCursor();
        for (var i = 0; i < diagnostics.Count; i++)
        {
            if (!session.Convert.IsPublishedAs(document, diagnostics[i], previous[i], cursor))
            {
                return false;
            }
        }

        return true;
    }
}
