using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>workspace/symbol</c>: entries whose title contains the query (case-insensitive), then those that contain its
/// characters in order (fuzzy). Takes a snapshot of the documents first (they are immutable), then yields
/// regularly so that cancellation and other messages are served while it scans a large workspace.
/// </summary>
public static class WorkspaceSymbolHandler
{
    public const int MaxResults = 1000;
    private const int YieldEvery = 2048;

    public static async Task<SymbolInformation[]> SearchAsync(DocumentStore store, string query, CancellationToken ct)
    {
        var snapshot = store.Workspace.Documents.Order(StringComparer.Ordinal)
            .Select(k => (Key: k, Uri: store.UriOf(k), Document: store.Workspace.Get(k)!)).ToList();
        var encoder = store.Encoder;
        var matches = new List<(int Score, string Title, string Key, string Uri, NoteDocument Document, EntryAt Entry)>();
        var seen = 0;
        foreach (var (key, uri, document) in snapshot)
        {
            foreach (var entry in document.Entries())
            {
                if (++seen % YieldEvery == 0)
                {
                    await Task.Yield();
                    ct.ThrowIfCancellationRequested();
                }

                var title = entry.Syntax.Title;
                var score = Score(title, query);
                if (score >= 0)
                {
                    matches.Add((score, title, key, uri, document, entry));
                }
            }
        }

        ct.ThrowIfCancellationRequested();
        return [.. matches
            .OrderBy(m => m.Score).ThenBy(m => m.Title, StringComparer.OrdinalIgnoreCase)
            .Take(MaxResults)
            .Select(m => new SymbolInformation(
                m.Title.Length > 0 ? m.Title : "(untitled entry)",
                Lsp.SymbolKindStruct,
                new Location(m.Uri, encoder.ToRange(m.Document, Lookup.HeaderTarget(m.Entry))),
                m.Document.Prologue.Title.Trim() is { Length: > 0 } category ? category : Path.GetFileName(m.Key)))];
    }

    /// <summary>0: prefix, 1: substring, 2: fuzzy (characters in order); -1: no match.</summary>
    public static int Score(string title, string query)
    {
        if (query.Length == 0)
        {
            return 1;
        }

        var index = title.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        if (index == 0)
        {
            return 0;
        }

        if (index > 0)
        {
            return 1;
        }

        var q = 0;
        for (var i = 0; i < title.Length && q < query.Length; i++)
        {
            if (char.ToUpperInvariant(title[i]) == char.ToUpperInvariant(query[q]))
            {
                q++;
            }
            else if (char.IsWhiteSpace(query[q]))
            {
                q++;
                i--;
            }
        }

        return q == query.Length ? 2 : -1;
    }
}
