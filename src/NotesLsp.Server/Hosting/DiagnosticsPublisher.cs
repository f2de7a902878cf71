using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>The one edit that turned <paramref name="Before"/> into <paramref name="After"/>.</summary>
internal sealed record SingleEdit(NoteDocument Before, TextChange Change, NoteDocument After);

/// <summary>
/// Keeps the client's diagnostics current. Nothing is computed per edit: a flush is posted behind the messages
/// already queued and deferred again while more are waiting, so a burst of edits costs one computation per document.
/// With push (<c>textDocument/publishDiagnostics</c>), a document is published only when what the client shows
/// changes, compared in line and character; with pull, the client is asked to pull again instead.
/// </summary>
internal sealed class DiagnosticsPublisher(ServerSession session)
{
    private const int MaxPublishDeferrals = 64;

    private readonly Dictionary<string, PublishedList> published = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SingleEdit?> editsSincePublish = new(StringComparer.Ordinal);
    private readonly List<PlacedDiagnostic> placedScratch = [];
    private List<Published>? spareItems;
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

    /// <summary>
    /// An open document was edited (null: its whole text was replaced). One edit since the last publish lets the next
    /// one find what moved without converting every diagnostic; a second edit before the flush takes the full comparison.
    /// </summary>
    public void Edited(string key, SingleEdit? edit) => editsSincePublish[key] = editsSincePublish.ContainsKey(key) ? null : edit;

    /// <summary>The client closed a document: clear what it shows for it.</summary>
    public void Forget(string key, string uri)
    {
        editsSincePublish.Remove(key);
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
            editsSincePublish.Clear();
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
            editsSincePublish.Clear();
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
            workspace.PlacedDiagnostics(key, placedScratch);
            var previous = published.GetValueOrDefault(key);
            editsSincePublish.Remove(key, out var edit);
            var (lsp, changed) = previous is not null && previous.Document.TryGetTarget(out var publishedOn) && ShiftedLines.Between(publishedOn, document, edit) is { } moved
                ? ConvertMoved(document, placedScratch, previous, moved)
                : Convert(document, placedScratch, previous?.Items);
            if (previous is not null)
            {
                // The list this one replaces is garbage now: the next flush builds into it (no list per keystroke). The
                // weak reference is reused too: each one is a GC handle with a finalizer.
                previous.Items.Clear();
                spareItems = previous.Items;
                previous.Document.SetTarget(document);
            }

            published[key] = new PublishedList(previous?.Document ?? new WeakReference<NoteDocument>(document), lsp);

            if (!changed)
            {
                continue;
            }

            session.Log.LogDebug("diagnostics: {Count} computed and converted in {Elapsed:F2} ms", lsp.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            session.Notify("textDocument/publishDiagnostics", PublishParams(session.Convert.UriOf(key), workspace.EditorOf(key)?.Version, lsp));
        }

        editsSincePublish.Clear();

        if (anything)
        {
            Changed?.Invoke(global);
        }
    }

    /// <summary>
    /// The diagnostics as the client would see them, and whether that differs from what it shows already. Compared in
    /// line/character: an edit moves the offsets of every later diagnostic but rarely their position. What the client
    /// already has is reused (the LSP record and its JSON), so an edit that adds or removes a diagnostic converts and
    /// serialises only that one; the previous list is followed with one step of look-ahead.
    /// </summary>
    private (List<Published> Items, bool Changed) Convert(NoteDocument document, IReadOnlyList<PlacedDiagnostic> diagnostics, List<Published>? previous)
    {
        var result = NewItems(diagnostics.Count);
        var unchanged = previous is not null && previous.Count == diagnostics.Count;
        var cursor = document.CreatePositionCursor();
        var j = 0;
        foreach (var placed in diagnostics)
        {
            var d = placed.Absolute;
            var start = cursor.PositionOf(d.Span.Start);
            var end = cursor.PositionOf(d.Span.End);
            Shown? same = null;
            if (previous is not null && j < previous.Count && session.Convert.IsPublishedAs(document, d, start, end, previous[j].Shown.Lsp))
            {
                same = previous[j++].Shown;
            }
            else if (previous is not null && j + 1 < previous.Count && session.Convert.IsPublishedAs(document, d, start, end, previous[j + 1].Shown.Lsp))
            {
                same = previous[j + 1].Shown;
                j += 2;
                unchanged = false;
            }
            else
            {
                unchanged = false;
            }

            result.Add(new Published(same ?? new Shown(session.Convert.Diagnostic(document, d, start, end)), placed));
        }

        return (result, !unchanged);
    }

    /// <summary>
    /// <see cref="Convert"/> when the document changed only by <paramref name="moved"/> since the last publish: a
    /// diagnostic off the edited lines, with the same rule, severity and message at the same offsets once shifted, is
    /// where the client shows it already, or (below an Enter) as many lines further. Only the others are converted, so a
    /// keystroke in a dump with thousands of diagnostics does not walk the whole document to find their positions.
    /// </summary>
    private (List<Published> Items, bool Changed) ConvertMoved(NoteDocument document, IReadOnlyList<PlacedDiagnostic> diagnostics, PublishedList previous, ShiftedLines moved)
    {
        var before = previous.Items;
        var result = NewItems(diagnostics.Count);
        var unchanged = before.Count == diagnostics.Count;
        var j = 0;
        foreach (var d in diagnostics)
        {
            Shown? same = null;
            if (!moved.Touches(d.Span))
            {
                if (j < before.Count && moved.SameAfterShift(before[j].Source, d))
                {
                    same = before[j++].Shown;
                }
                else if (j + 1 < before.Count && moved.SameAfterShift(before[j + 1].Source, d))
                {
                    same = before[j + 1].Shown;
                    j += 2;
                    unchanged = false;
                }

                if (same is not null && moved.LineDelta != 0 && d.Span.Start > moved.LineEnd)
                {
                    // Below an Enter (or a joined line): the same character on another line.
                    var range = same.Lsp.Range;
                    same = new Shown(same.Lsp with { Range = new Range(range.Start with { Line = range.Start.Line + moved.LineDelta }, range.End with { Line = range.End.Line + moved.LineDelta }) });
                    unchanged = false;
                }
            }

            if (same is null)
            {
                // On the edited line (or new): convert it, and match it against what the client shows to keep the JSON.
                var lsp = session.Convert.Diagnostic(document, d.Absolute);
                if (j < before.Count && before[j].Shown.Lsp == lsp)
                {
                    same = before[j++].Shown;
                }
                else
                {
                    unchanged = false;
                    same = new Shown(lsp);
                    if (j < before.Count && moved.Touches(moved.Map(before[j].Source.Span)))
                    {
                        j++;
                    }
                }
            }

            result.Add(new Published(same, d));
        }

        return (result, !unchanged);
    }

    private List<Published> NewItems(int capacity)
    {
        var items = spareItems ?? new List<Published>(capacity);
        spareItems = null;
        items.EnsureCapacity(capacity);
        return items;
    }

    /// <summary><c>publishDiagnostics</c> parameters written from each diagnostic's JSON (kept while the client shows it).</summary>
    private static PublishDiagnosticsJson PublishParams(string uri, int? version, List<Published> diagnostics)
    {
        var json = new byte[diagnostics.Count][];
        for (var i = 0; i < json.Length; i++)
        {
            json[i] = diagnostics[i].Shown.Json;
        }

        return new PublishDiagnosticsJson(uri, version, json);
    }

    /// <summary>A diagnostic as the client shows it: the LSP record and its JSON (kept while it shows it).</summary>
    private sealed class Shown(Diagnostic lsp)
    {
        private byte[]? json;

        public Diagnostic Lsp => lsp;

        public byte[] Json => json ??= JsonSerializer.SerializeToUtf8Bytes(lsp, LspJsonContext.Default.Diagnostic);
    }

    /// <summary>A published diagnostic: what the client shows, and the analysis diagnostic (entry and offsets) it came from.</summary>
    private readonly record struct Published(Shown Shown, PlacedDiagnostic Source);

    /// <summary>
    /// What a document's last publish was computed on, and what it published. The version is held weakly: once an idle
    /// trim has compacted the document, a strong reference would keep the text of every version before it alive.
    /// </summary>
    private sealed record PublishedList(WeakReference<NoteDocument> Document, List<Published> Items);


    /// <summary>
    /// How offsets and lines moved between two versions of a document, one edit apart (or none): offsets before the edit
    /// stay, offsets after it shift by the length difference; lines before the edited ones stay, lines after them shift
    /// by <see cref="LineDelta"/> with their characters unchanged; only the edited lines' positions must be computed.
    /// </summary>
    private readonly record struct ShiftedLines(int EditStart, int OldEditEnd, int Delta, int LineStart, int LineEnd, int LineDelta)
    {
        private static readonly ShiftedLines Nothing = new(int.MaxValue, int.MaxValue, 0, int.MaxValue, int.MaxValue, 0);

        public static ShiftedLines? Between(NoteDocument published, NoteDocument current, SingleEdit? edit)
        {
            if (ReferenceEquals(published, current))
            {
                return Nothing;
            }

            if (edit is null || !ReferenceEquals(edit.Before, published) || !ReferenceEquals(edit.After, current))
            {
                return null;
            }

            // A CR before the edit or an LF after it could pair with a line break the edit adds or removes (CR + LF is
            // one line break): then lines move in ways a count does not tell, and every position is computed.
            var (start, oldEnd, inserted) = (edit.Change.Span.Start, edit.Change.Span.End, edit.Change.NewText);
            var removed = published.GetText(edit.Change.Span);
            var breaksChange = LineBreakCount(inserted) - LineBreakCount(removed);
            if (breaksChange != 0 || inserted.AsSpan().ContainsAny('\r', '\n') || removed.AsSpan().ContainsAny('\r', '\n'))
            {
                var before = start > 0 ? published.GetText(new TextSpan(start - 1, 1)) : string.Empty;
                var after = oldEnd < published.Length ? published.GetText(new TextSpan(oldEnd, 1)) : string.Empty;
                if (before == "\r" || after == "\n" || current.LineCount - published.LineCount != breaksChange)
                {
                    return null;
                }
            }
            else if (published.LineCount != current.LineCount)
            {
                return null;
            }

            var firstLine = current.PositionOf(start).Line;
            var lastLine = current.PositionOf(start + inserted.Length).Line;
            var lineEnd = lastLine + 1 < current.LineCount ? current.LineStartOffset(lastLine + 1) : current.Length;
            return new ShiftedLines(start, oldEnd, inserted.Length - edit.Change.Span.Length, current.LineStartOffset(firstLine), lineEnd, breaksChange);
        }

        private static int LineBreakCount(string text)
        {
            var count = 0;
            for (var i = 0; i < text.Length; i++)
            {
                count += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')) ? 1 : 0;
            }

            return count;
        }

        /// <summary>True when a span (in the current version) has a character on the edited lines, or ends at their end.</summary>
        public bool Touches(TextSpan span) => span.Start <= LineEnd && span.End >= LineStart;

        /// <summary>An offset of the published version in the current one (offsets inside the replaced text move to its end).</summary>
        public int Map(int offset) => offset < EditStart ? offset : offset >= OldEditEnd ? offset + Delta : EditStart + Math.Max(0, Delta + (OldEditEnd - EditStart));

        public TextSpan Map(TextSpan span) => TextSpan.FromBounds(Map(span.Start), Map(span.End));

        /// <summary>True when <paramref name="published"/>, shifted, is <paramref name="current"/> as the client shows it.</summary>
        public bool SameAfterShift(PlacedDiagnostic published, PlacedDiagnostic current) =>
            Map(published.Span) == current.Span
            && (ReferenceEquals(published.Relative, current.Relative)
                || (published.Relative.Severity == current.Relative.Severity && ReferenceEquals(published.Relative.Rule, current.Relative.Rule)
                    && string.Equals(published.Relative.Message, current.Relative.Message, StringComparison.Ordinal)));
    }
}
