namespace NotesLsp.Syntax;

/// <summary>Line terminators as LSP defines them: "\r\n", "\n" and a lone "\r".</summary>
public static class LineBreaks
{
    /// <summary>Offsets just past each line terminator in <paramref name="text"/>.</summary>
    public static int[] EndsOf(ReadOnlySpan<char> text)
    {
        Span<int> initial = stackalloc int[64];
        var ends = initial;
        int[]? rented = null;
        var count = 0;
        var i = 0;
        while (true)
        {
            var rel = text[i..].IndexOfAny('\n', '\r');
            if (rel < 0)
            {
                break;
            }

            i += rel;
            i += text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
            if (count == ends.Length)
            {
                var bigger = System.Buffers.ArrayPool<int>.Shared.Rent(ends.Length * 2);
                ends.CopyTo(bigger);
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<int>.Shared.Return(rented);
                }

                rented = bigger;
                ends = bigger;
            }

            ends[count++] = i;
        }

        var result = count == 0 ? [] : ends[..count].ToArray();
        if (rented is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rented);
        }

        return result;
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
