using System.Runtime.CompilerServices;
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
        var cursor = new LineIndex.Cursor(document, store.Encoder);
        var enc = store.Encoder;
        var entries = new List<DocumentSymbol>(document.EntryCount);
        foreach (var entry in document.Entries())
        {
            if ((entries.Count & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            entries.Add(EntrySymbol(cursor, entry));
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

    private static DocumentSymbol EntrySymbol(LineIndex.Cursor cursor, EntryAt entry)
    {
        var outline = Outlines.GetValue(entry.Syntax, OutlineOf);
        return new DocumentSymbol
        {
            Name = outline.Name,
            Detail = outline.Detail,
            Kind = Lsp.SymbolKindStruct,
            Range = cursor.ToRange(entry.Absolute(outline.Range)),
            SelectionRange = cursor.ToRange(Lookup.HeaderTarget(entry)),
        };
    }

    /// <summary>An entry's outline text and extent, relative to the entry: computed once per parsed entry.</summary>
    private sealed record EntryOutline(string Name, string? Detail, TextSpan Range);

    private static readonly ConditionalWeakTable<EntrySyntax, EntryOutline> Outlines = [];

    private static EntryOutline OutlineOf(EntrySyntax e)
    {
        var detail = string.Join(" · ", new[] { e.DateText, e.VenueSpan is { } v ? e.GetText(v) : null }.Where(x => !string.IsNullOrEmpty(x)));
        var name = e.Title.Trim();
        return new EntryOutline(
            name.Length > 0 ? name : e.Number is { } n ? $"#{n}" : "(untitled entry)",
            detail.Length > 0 ? detail : null,
            new TextSpan(0, TrimmedLength(e.Text.Span)));
    }

    /// <summary>Drops trailing line breaks and blanks so a symbol ends on its last line of text.</summary>
    private static int TrimmedLength(ReadOnlySpan<char> text)
    {
        var i = text.Length;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return i;
    }
}
