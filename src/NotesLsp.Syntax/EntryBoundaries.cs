namespace NotesLsp.Syntax;

/// <summary>
/// Decides where entries start. An entry is anchored by the literal <c>Issue Date:</c> when it stands at the
/// start of a line (after optional blanks), right after a tag list on the same line, or anywhere after a blank
/// (space, tab, U+3000) when a date follows it (<c>Issue Date: YYYY-M-D</c>, month and day of one or two digits):
/// real dumps leave out the tag list of an entry whose only tag is the dump's own category, which glues its
/// <c>Issue Date:</c> to the previous entry's last sentence. Its block starts at its tag list: on the anchor's
/// line, or at the end of the previous line, or at the anchor itself when it has no tags.
/// The decision for an anchor reads only its own line (before and after the anchor) and the line before it, never
/// further: this locality is what lets <see cref="NoteDocument"/> re-parse only the entries around an edit.
/// </summary>
public static class EntryBoundaries
{
    public const string IssueDateLiteral = "Issue Date:";

    /// <summary>
    /// Appends the start of every entry block in <paramref name="text"/>. Offset 0 is a line start only when
    /// <paramref name="zeroIsLineStart"/>; tag lists never reach before offset 0.
    /// </summary>
    public static void FindEntryStarts(ReadOnlySpan<char> text, bool zeroIsLineStart, List<int> starts)
    {
        var clamp = 0;
        var pos = 0;
        var lineStart = 0;
        var lineStartKnownUpTo = 0;
        while (pos < text.Length)
        {
            var rel = text[pos..].IndexOf(IssueDateLiteral, StringComparison.Ordinal);
            if (rel < 0)
            {
                break;
            }

            var anchor = pos + rel;
            pos = anchor + IssueDateLiteral.Length;

            // Anchors come in order: look for a line break only since the last one, so a line holding many
            // anchors costs its length once, not once per anchor.
            var breakAt = text[lineStartKnownUpTo..anchor].LastIndexOfAny('\n', '\r');
            if (breakAt >= 0)
            {
                lineStart = lineStartKnownUpTo + breakAt + 1;
            }

            lineStartKnownUpTo = anchor;
            var start = EntryStartFor(text, anchor, lineStart, clamp, zeroIsLineStart);
            if (start < 0)
            {
                continue;
            }

            starts.Add(start);
            clamp = anchor + IssueDateLiteral.Length;
        }
    }

    private static int EntryStartFor(ReadOnlySpan<char> text, int anchor, int lineStart, int clamp, bool zeroIsLineStart)
    {
        var isRealLineStart = lineStart > 0 || zeroIsLineStart;
        if (isRealLineStart && lineStart >= clamp && IsBlank(text[lineStart..anchor]))
        {
            if (lineStart == 0)
            {
                return 0;
            }

            var previousEnd = lineStart - 1;
            if (text[previousEnd] == '\n' && previousEnd > 0 && text[previousEnd - 1] == '\r')
            {
                previousEnd--;
            }

            var floor = Math.Min(clamp, previousEnd);
            var previousStart = LineBreaks.LineStart(text, previousEnd, floor);
            var tags = TagListStart(text, previousStart, previousEnd);
            return tags >= 0 ? tags : lineStart;
        }

        // Offset 0 of a region that does not start a line is the start of a block that the tagless rule placed
        // there (the only rule that starts a block mid-line at its anchor), so a blank stands before it.
        var followsBlank = anchor == 0 ? !zeroIsLineStart : IsAnchorBlank(text[anchor - 1]);
        if (!followsBlank)
        {
            return -1;
        }

        if (anchor > 0 && IsBlank(text[anchor - 1]))
        {
            var tags = TagListStart(text, Math.Max(lineStart, clamp), anchor);
            if (tags >= 0)
            {
                return tags;
            }
        }

        return IsFollowedByDate(text, anchor + IssueDateLiteral.Length) ? anchor : -1;
    }

    /// <summary>
    /// Whether blanks and a date <c>YYYY-M-D</c> (month and day of one or two digits, so that a missing zero stays
    /// an entry for the malformed-date rule to report) follow <paramref name="afterLiteral"/>, the date ending at
    /// a blank, a line break or the end of the text.
    /// </summary>
    private static bool IsFollowedByDate(ReadOnlySpan<char> text, int afterLiteral)
    {
        var i = afterLiteral;
        while (i < text.Length && IsBlank(text[i]))
        {
            i++;
        }

        if (i == afterLiteral)
        {
            return false;
        }

        i = SkipDigits(text, i, 4, 4);
        i = i < 0 || i >= text.Length || text[i] != '-' ? -1 : SkipDigits(text, i + 1, 1, 2);
        i = i < 0 || i >= text.Length || text[i] != '-' ? -1 : SkipDigits(text, i + 1, 1, 2);
        return i >= 0 && (i == text.Length || IsAnchorBlank(text[i]) || LineBreaks.IsLineBreakChar(text[i]));
    }

    /// <summary>The offset after <paramref name="min"/> to <paramref name="max"/> ASCII digits at <paramref name="i"/> (no more follow), or -1.</summary>
    private static int SkipDigits(ReadOnlySpan<char> text, int i, int min, int max)
    {
        var end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var count = end - i;
        return count >= min && count <= max ? end : -1;
    }

    /// <summary>
    /// The start of the tag list that ends <c>text[regionStart..regionEnd)</c>, or -1. Walks leftwards over
    /// <c>#tag</c> segments (a <c>#</c> at the region start or after a blank) while each looks like a tag.
    /// </summary>
    internal static int TagListStart(ReadOnlySpan<char> text, int regionStart, int regionEnd)
    {
        var segmentEnd = TrimEndBlanks(text, regionStart, regionEnd);
        var best = -1;
        while (segmentEnd > regionStart)
        {
            var hash = LastTagHash(text, regionStart, segmentEnd);
            if (hash < 0 || !IsTagLike(text[(hash + 1)..segmentEnd]))
            {
                break;
            }

            best = hash;
            var next = TrimEndBlanks(text, regionStart, hash);
            if (next == hash)
            {
                break;
            }

            segmentEnd = next;
        }

        return best;
    }

    private static int LastTagHash(ReadOnlySpan<char> text, int regionStart, int end)
    {
        while (end > regionStart)
        {
            var i = text[regionStart..end].LastIndexOf('#');
            if (i < 0)
            {
                return -1;
            }

            i += regionStart;
            if (i == regionStart || IsBlank(text[i - 1]))
            {
                return i;
            }

            end = i;
        }

        return -1;
    }

    /// <summary>
    /// Whether the text after a <c>#</c> can be a tag when a tag list is glued to prose. Real tags are short
    /// names that may hold spaces, parentheses, apostrophes and slashes, never sentence punctuation.
    /// </summary>
    public static bool IsTagLike(ReadOnlySpan<char> content)
    {
        if (content.Length == 0)
        {
            return true;
        }

        if (content.Length > 64 || IsBlank(content[0]))
        {
            return false;
        }

        var spaces = 0;
        foreach (var c in content)
        {
            switch (c)
            {
                case ' ':
                    if (++spaces > 4)
                    {
                        return false;
                    }

                    break;
                case '\t' or '\n' or '\r' or ',' or ':' or ';' or '!' or '?' or '"' or '<' or '>' or '=' or '。' or '、'
                    or '，' or '：' or '；' or '！' or '？' or '「' or '」' or '『' or '』' or '（' or '）':
                    return false;
            }
        }

        return true;
    }

    internal static bool IsBlank(char c) => c == ' ' || c == '\t';

    /// <summary>A blank that may stand before a tagless <c>Issue Date:</c>: Japanese text ends sentences with U+3000 too.</summary>
    internal static bool IsAnchorBlank(char c) => IsBlank(c) || c == '\u3000';

    internal static bool IsBlank(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!IsBlank(c))
            {
                return false;
            }
        }

        return true;
    }

    internal static int TrimEndBlanks(ReadOnlySpan<char> text, int start, int end)
    {
        while (end > start && IsBlank(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
