using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/documentSymbol</c> (hierarchical): the category (the title line) containing one symbol per entry
/// (name = title, detail = date · venue). Entries have no children: a dump holds thousands of entries and the outline
/// is re-requested after every edit, so it stays one symbol per entry (folding ranges cover Summary and Comment).
/// </summary>
public static class DocumentSymbolHandler
{
    public static DocumentSymbol[] Symbols(DocumentStore store, string key, NoteDocument document, CancellationToken ct)
    {
        LineIndex.Prepare(document);
        var enc = store.Encoder;
        var entries = new List<DocumentSymbol>(document.EntryCount);
        foreach (var entry in document.Entries())
        {
            if ((entries.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            entries.Add(EntrySymbol(enc, document, entry));
        }

        var prologue = document.Prologue;
        var title = prologue.Title.Trim();
        var whole = enc.ToRange(document, new TextSpan(0, document.Length));
        var category = new DocumentSymbol
        {
            Name = title.Length > 0 ? title : Path.GetFileNameWithoutExtension(key),
            Detail = entries.Count == 1 ? "1 entry" : $"{entries.Count} entries",
            Kind = Lsp.SymbolKindNamespace,
            Range = whole,
            SelectionRange = enc.ToRange(document, prologue.TitleSpan),
            Children = entries,
        };
        return [category];
    }

    private static DocumentSymbol EntrySymbol(PositionEncoder enc, NoteDocument document, EntryAt entry)
    {
        var e = entry.Syntax;
        var span = TrimEnd(document, entry.Span);
        var detail = string.Join(" · ", new[] { e.DateText, e.VenueSpan is { } v ? e.GetText(v) : null }.Where(x => !string.IsNullOrEmpty(x)));
        var name = e.Title.Trim();
        return new DocumentSymbol
        {
            Name = name.Length > 0 ? name : e.Number is { } n ? $"#{n}" : "(untitled entry)",
            Detail = detail.Length > 0 ? detail : null,
            Kind = Lsp.SymbolKindStruct,
            Range = enc.ToRange(document, span),
            SelectionRange = enc.ToRange(document, Lookup.HeaderTarget(entry)),
        };
    }

    /// <summary>Drops trailing line breaks and blanks so a symbol ends on its last line of text.</summary>
    private static TextSpan TrimEnd(NoteDocument document, TextSpan span)
    {
        var end = span.End;
        var tail = document.GetText(new TextSpan(Math.Max(span.Start, end - 64), Math.Min(64, span.Length)));
        var i = tail.Length;
        while (i > 0 && char.IsWhiteSpace(tail[i - 1]))
        {
            i--;
        }

        return TextSpan.FromBounds(span.Start, Math.Max(span.Start, end - (tail.Length - i)));
    }
}
