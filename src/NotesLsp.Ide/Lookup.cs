using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>
/// What the caret is on: an entry, and within it a tag, a reference, the entry's own number, or the header line. A
/// tentative reference (a short number glued to text, <c>・612Self-Refine</c>) is one only when that entry exists.
/// </summary>
public readonly record struct Lookup(EntryAt? Entry, TagSyntax? Tag, ReferenceSyntax? Reference, bool OnNumber, bool OnHeader)
{
    public static Lookup At(Workspace workspace, NoteDocument document, int offset)
    {
        var entry = document.EntryAtOffset(offset);
        if (entry is not { } e)
        {
            return default;
        }

        var local = offset - e.Start;
        var syntax = e.Syntax;
        foreach (var tag in syntax.Tags)
        {
            if (tag.Span.ContainsOrTouches(local))
            {
                return new Lookup(e, tag, null, false, false);
            }
        }

        foreach (var reference in syntax.References)
        {
            if (reference.Span.ContainsOrTouches(local) && (!reference.Tentative || workspace.IsDefined(reference.Number)))
            {
                return new Lookup(e, null, reference, false, false);
            }
        }

        var onNumber = syntax.Number is not null && syntax.NumberSpan is { } numberSpan && numberSpan.ContainsOrTouches(local);
        var headerEnd = Math.Max(syntax.HeaderSpan.End, syntax.NumberSpan?.End ?? 0);
        headerEnd = Math.Max(headerEnd, syntax.DateSpan?.End ?? 0);
        var onHeader = local >= syntax.IssueDateKeywordSpan.Start && local <= Math.Max(headerEnd, syntax.IssueDateKeywordSpan.End);
        return new Lookup(e, null, null, onNumber, onHeader);
    }

    /// <summary>The entry number the caret names: a reference's, or the entry's own when the caret is on its header.</summary>
    public int? Number => Reference?.Number ?? (OnHeader ? Entry?.Syntax.Number : null);

    /// <summary>The entry's header for navigation: its title, or its <c>Issue Date:</c> keyword when it has none.</summary>
    public static TextSpan HeaderTarget(EntryAt entry)
    {
        var s = entry.Syntax;
        return entry.Absolute(s.TitleSpan.Length > 0 ? s.TitleSpan : s.IssueDateKeywordSpan);
    }
}
