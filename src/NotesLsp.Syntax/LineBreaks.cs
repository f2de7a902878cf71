namespace NotesLsp.Syntax;

/// <summary>Line terminators as LSP defines them: "\r\n", "\n" and a lone "\r".</summary>
public static class LineBreaks
{
    /// <summary>Offsets just past each line terminator in <paramref name="text"/>.</summary>
    public static int[] EndsOf(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var ends = new int[count];
        var k = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                ends[k++] = i + 1;
            }
        }

        return ends;
    }

    /// <summary>Length of the terminator starting at <paramref name="i"/>, or 0 when none starts there.</summary>
    public static int TerminatorLength(ReadOnlySpan<char> text, int i)
    {
        if (i >= text.Length)
        {
            return 0;
        }

        return text[i] switch
        {
            '\n' => 1,
            '\r' => i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1,
            _ => 0,
        };
    }

    /// <summary>End of the line content that contains <paramref name="i"/> (the index of its terminator, or the text's end).</summary>
    public static int LineContentEnd(ReadOnlySpan<char> text, int i)
    {
        var rest = text[i..].IndexOfAny('\n', '\r');
        return rest < 0 ? text.Length : i + rest;
    }

    /// <summary>Start of the line that contains <paramref name="i"/>, never before <paramref name="floor"/>.</summary>
    public static int LineStart(ReadOnlySpan<char> text, int i, int floor = 0)
    {
        var before = text[floor..i].LastIndexOfAny('\n', '\r');
        return before < 0 ? floor : floor + before + 1;
    }

    public static bool IsLineBreakChar(char c) => c == '\n' || c == '\r';
}
