using System.Globalization;
using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Cli;

/// <summary>
/// A unified diff (<c>--diff</c>) built from the edits themselves rather than by comparing texts: each edit's lines are
/// the changed lines, with three lines of context, so a 10 MB dump with thousands of edits costs one pass.
/// </summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    public static string Of(string path, string oldText, IReadOnlyList<TextChange> changes)
    {
        if (changes.Count == 0)
        {
            return string.Empty;
        }

        var starts = LineStarts(oldText);
        int LineOf(int offset)
        {
            var i = Array.BinarySearch(starts, offset);
            return i >= 0 ? i : ~i - 1;
        }

        // The old lines each edit touches, merged when their context would overlap.
        var sorted = changes.OrderBy(c => c.Span.Start).ToList();
        var hunks = new List<(int First, int Last, List<TextChange> Changes)>();
        foreach (var change in sorted)
        {
            var first = LineOf(change.Span.Start);
            var last = Math.Max(first, LineOf(Math.Max(change.Span.Start, change.Span.End - 1)));
            if (hunks.Count > 0 && first - hunks[^1].Last <= 2 * Context)
            {
                var h = hunks[^1];
                h.Changes.Add(change);
                hunks[^1] = (h.First, Math.Max(h.Last, last), h.Changes);
            }
            else
            {
                hunks.Add((first, last, [change]));
            }
        }

        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var shift = 0;
        foreach (var (first, last, hunkChanges) in hunks)
        {
            var from = Math.Max(0, first - Context);
            var to = Math.Min(starts.Length - 1, last + Context);
            var oldStart = starts[from];
            var oldEnd = to + 1 < starts.Length ? starts[to + 1] : oldText.Length;
            var oldLines = Split(oldText[oldStart..oldEnd]);
            var newLines = Split(SourceChangeApply(oldText[oldStart..oldEnd], hunkChanges, oldStart));
            var common = 0;
            while (common < oldLines.Count && common < newLines.Count && oldLines[common] == newLines[common])
            {
                common++;
            }

            var tail = 0;
            while (tail < oldLines.Count - common && tail < newLines.Count - common && oldLines[^(tail + 1)] == newLines[^(tail + 1)])
            {
                tail++;
            }

            output.Append(CultureInfo.InvariantCulture, $"@@ -{from + 1},{oldLines.Count} +{from + 1 + shift},{newLines.Count} @@\n");
            for (var i = 0; i < common; i++)
            {
                Line(output, ' ', oldLines[i]);
            }

            for (var i = common; i < oldLines.Count - tail; i++)
            {
                Line(output, '-', oldLines[i]);
            }

            for (var i = common; i < newLines.Count - tail; i++)
            {
                Line(output, '+', newLines[i]);
            }

            for (var i = oldLines.Count - tail; i < oldLines.Count; i++)
            {
                Line(output, ' ', oldLines[i]);
            }

            shift += newLines.Count - oldLines.Count;
        }

        return output.ToString();
    }

    private static void Line(StringBuilder output, char mark, string line)
    {
        // A CRLF line keeps its CR, as diff and git print it, so that patch applies the diff to a CRLF file.
        output.Append(mark).Append(line.EndsWith("\r\n", StringComparison.Ordinal) ? line : line.TrimEnd('\r', '\n') + "\n");
        if (!line.EndsWith('\n') && !line.EndsWith('\r'))
        {
            output.Append("\\ No newline at end of file\n");
        }
    }

    private static string SourceChangeApply(string text, List<TextChange> changes, int offset) =>
        Ide.SourceChange.Apply(text, [.. changes.Select(c => c with { Span = c.Span.Shift(-offset) })]);

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                if (i + 1 < text.Length)
                {
                    starts.Add(i + 1);
                }
            }
        }

        return [.. starts];
    }

    /// <summary>Lines with their terminators (the last may have none).</summary>
    private static List<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }
}
