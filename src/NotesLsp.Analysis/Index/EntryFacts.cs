using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// What one entry contributes to the cross-file index. Computed when needed rather than kept: an edit asks only for
/// the few entries it replaced, and keeping facts for every entry cost ~2.5 MB on a 10 MB dump.
/// </summary>
internal readonly record struct EntryFacts(int? Number, string? DateKey, long ContentHash, string Title, string[] ExplicitTags, string? Category, int[] Referenced)
{
    /// <summary>The entry's tags as a person means them: its tag list plus the category of the dump it is in (which dumps leave out).</summary>
    public string[] EffectiveTags => Category is null || Array.IndexOf(ExplicitTags, Category) >= 0 ? ExplicitTags : [.. ExplicitTags, Category];

    public static EntryFacts For(EntrySyntax entry, string? category) => new(
        entry.Number,
        EntryDate.Of(entry).Key,
        entry.Number is null ? 0 : EntryContent.Hash(entry),
        entry.Number is null ? string.Empty : entry.Title,
        DistinctTags(entry.Tags),
        category,
        DistinctReferences(entry.References));

    /// <summary>Tag names without empty ones and repeats. Tag lists are short: a scan beats a set (this runs for every entry loaded).</summary>
    private static string[] DistinctTags(IReadOnlyList<TagSyntax> tags)
    {
        var names = new string[tags.Count];
        var count = 0;
        foreach (var tag in tags)
        {
            if (tag.Name.Length > 0 && Array.IndexOf(names, tag.Name, 0, count) < 0)
            {
                names[count++] = tag.Name;
            }
        }

        return count == names.Length ? names : names[..count];
    }

    private static int[] DistinctReferences(IReadOnlyList<ReferenceSyntax> references)
    {
        if (references.Count == 0)
        {
            return [];
        }

        var numbers = new int[references.Count];
        var count = 0;
        foreach (var reference in references)
        {
            if (Array.IndexOf(numbers, reference.Number, 0, count) < 0)
            {
                numbers[count++] = reference.Number;
            }
        }

        return count == numbers.Length ? numbers : numbers[..count];
    }

    /// <summary>A dump's category as a tag name: its title line, when that reads as a tag.</summary>
    public static string? CategoryOf(NoteDocument document)
    {
        var title = document.Prologue.Title.Trim();
        return title.Length > 0 && !title.Contains('#') && EntryBoundaries.IsTagLike(title) ? title : null;
    }
}

/// <summary>
/// The part of an entry that two copies of it must share: everything from <c>Issue Date:</c> to its last character,
/// without its tag list (each dump leaves its own tag out of its copy) and without trailing blanks or line breaks.
/// </summary>
public static class EntryContent
{
    public static TextSpan ComparableSpan(EntrySyntax entry)
    {
        var text = entry.Text.Span;
        var end = text.Length;
        while (end > entry.AnchorOffset && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return TextSpan.FromBounds(entry.AnchorOffset, end);
    }

    /// <summary>FNV-1a over the comparable text, reading CRLF as LF so that a CRLF dump's copy equals an LF one's.</summary>
    public static long Hash(EntrySyntax entry)
    {
        var span = ComparableSpan(entry);
        var text = entry.Text.Span.Slice(span.Start, span.Length);
        var hash = 14695981039346656037UL;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                continue;
            }

            hash = (hash ^ text[i]) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
