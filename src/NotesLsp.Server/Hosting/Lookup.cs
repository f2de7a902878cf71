using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>What the caret is on: an entry, and within it a tag, a reference, or the header line.</summary>
public readonly record struct Lookup(EntryAt? Entry, TagSyntax? Tag, ReferenceSyntax? Reference, bool OnHeader)
{
    public static Lookup At(NoteDocument document, int offset)
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
                return new Lookup(e, tag, null, false);
            }
        }

        foreach (var reference in syntax.References)
        {
            if (reference.Span.ContainsOrTouches(local))
            {
                return new Lookup(e, null, reference, false);
            }
        }

        var headerEnd = Math.Max(syntax.HeaderSpan.End, syntax.NumberSpan?.End ?? 0);
        headerEnd = Math.Max(headerEnd, syntax.DateSpan?.End ?? 0);
        var onHeader = local >= syntax.IssueDateKeywordSpan.Start && local <= Math.Max(headerEnd, syntax.IssueDateKeywordSpan.End);
        return new Lookup(e, null, null, onHeader);
    }

    /// <summary>The entry's header for navigation: its title, or its <c>Issue Date:</c> keyword when it has none.</summary>
    public static TextSpan HeaderTarget(EntryAt entry)
    {
        var s = entry.Syntax;
        return entry.Absolute(s.TitleSpan.Length > 0 ? s.TitleSpan : s.IssueDateKeywordSpan);
    }
}
