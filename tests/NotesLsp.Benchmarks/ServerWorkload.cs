using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>An LSP position (line, UTF-16 character).</summary>
public readonly record struct LspPos(int Line, int Character);

/// <summary>
/// Where the server benchmarks edit and query a document, computed from its parse. Edits insert one character at
/// the start of the summary of even-numbered entries; queries (references, tags) come from odd-numbered entries,
/// whose positions no edit can shift (an insertion only moves text to its right on its own line, and the queried
/// tags are never glued onto an edited entry's line). Repeating an edit at the same place is fine: the position
/// of the insertion itself does not move.
/// </summary>
public sealed class ServerWorkload
{
    public ServerWorkload(NoteDocument document, int maxTargets = 4000)
    {
        var edits = new List<LspPos>();
        var editEntries = new List<int>();
        var refs = new List<LspPos>();
        var refEnds = new List<LspPos>();
        var tags = new List<LspPos>();
        var titles = new List<LspPos>();
        var limit = Math.Max(2, (int)(document.EntryCount * 0.9));
        foreach (var entry in document.Entries())
        {
            if (entry.Index > limit)
            {
                break;
            }

            var e = entry.Syntax;
            if (entry.Index % 2 == 0)
            {
                if (e.SummaryKeywordSpan is not null && e.SummarySpan.Length > 1)
                {
                    edits.Add(At(document, entry.Start + e.SummarySpan.Start + 1));
                    editEntries.Add(entry.Index);
                }

                if (e.TitleSpan.Length > 0)
                {
                    titles.Add(At(document, entry.Start + e.TitleSpan.Start));
                }

                continue;
            }

            foreach (var r in e.References)
            {
                refs.Add(At(document, entry.Start + r.NumberSpan.Start + 1));
                refEnds.Add(At(document, entry.Start + r.NumberSpan.End));
            }

            if (!document.IsGlued(entry))
            {
                foreach (var t in e.Tags.Where(t => t.Name.Length >= 3).Take(1))
                {
                    // "#La|nguageModel": completion replaces what was typed after '#'.
                    tags.Add(At(document, entry.Start + t.Span.Start + 3));
                }
            }
        }

        Edits = Spread(edits, maxTargets);
        EditEntries = Spread(editEntries, maxTargets);
        References = Spread(refs, maxTargets);
        ReferenceEnds = Spread(refEnds, maxTargets);
        Tags = Spread(tags, maxTargets);
        // Edits insert at their points and stay, so a title start to the right of an edit point on the same line (short
        // glued entries share a line) would no longer be where the title starts when it is typed into.
        var editedLines = Edits.GroupBy(e => e.Line).ToDictionary(g => g.Key, g => g.Min(e => e.Character));
        TitleStarts = Spread([.. titles.Where(t => !editedLines.TryGetValue(t.Line, out var first) || first > t.Character)], maxTargets);
        if (Edits.Count == 0 || References.Count == 0 || Tags.Count == 0)
        {
            throw new InvalidOperationException($"the document is too small for the server workload ({Edits.Count} edits, {References.Count} references, {Tags.Count} tags)");
        }
    }

    /// <summary>One-character insertion points (summary starts of even entries), spread over the document.</summary>
    public IReadOnlyList<LspPos> Edits { get; }

    /// <summary>The block index of the entry of each edit.</summary>
    public IReadOnlyList<int> EditEntries { get; }

    /// <summary>Inside the digits of a <c>・NNNN</c> reference (definition, hover).</summary>
    public IReadOnlyList<LspPos> References { get; }

    /// <summary>Right after the digits of a reference (completion of entry numbers).</summary>
    public IReadOnlyList<LspPos> ReferenceEnds { get; }

    /// <summary>Two characters into a tag of a tag list (completion of tags).</summary>
    public IReadOnlyList<LspPos> Tags { get; }

    /// <summary>
    /// The first character of the title of even entries (typing into a title, then searching for it). An insertion
    /// there moves the summary edit point of its line, so this is used after the other edit loops.
    /// </summary>
    public IReadOnlyList<LspPos> TitleStarts { get; }

    private static LspPos At(NoteDocument document, int offset)
    {
        var p = document.PositionOf(offset);
        return new LspPos(p.Line, p.Character);
    }

    /// <summary>At most <paramref name="max"/> items, evenly spread over the list (so they cover the whole document).</summary>
    private static List<T> Spread<T>(List<T> items, int max)
    {
        if (items.Count <= max)
        {
            return items;
        }

        var result = new List<T>(max);
        for (var i = 0; i < max; i++)
        {
            result.Add(items[(int)((long)i * items.Count / max)]);
        }

        return result;
    }
}
