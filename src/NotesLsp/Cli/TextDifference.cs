using NotesLsp.Syntax;

namespace NotesLsp.Cli;

/// <summary>
/// The line edits that turn one text into another (Myers' algorithm over lines, after trimming the common head and
/// tail), for showing fixes as a diff. Past <see cref="MaxEdits"/> differing lines the middle becomes one edit.
/// </summary>
internal static class TextDifference
{
    private const int MaxEdits = 4000;

    public static IReadOnlyList<TextChange> Between(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        var head = 0;
        while (head < a.Count && head < b.Count && Same(before, a[head], after, b[head]))
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Count - head && tail < b.Count - head && Same(before, a[^(tail + 1)], after, b[^(tail + 1)]))
        {
            tail++;
        }

        var n = a.Count - head - tail;
        var m = b.Count - head - tail;
        if (n == 0 && m == 0)
        {
            return [];
        }

        var script = Myers(n, m, (i, j) => Same(before, a[head + i], after, b[head + j]));
        if (script is null)
        {
            return [Replace(before, a, after, b, head, head + n, head, head + m)];
        }

        // Runs of deletions and insertions between matched lines become one change each.
        var changes = new List<TextChange>();
        int x = 0, y = 0;
        foreach (var (matchX, matchY) in script.Append((n, m)))
        {
            if (matchX > x || matchY > y)
            {
                changes.Add(Replace(before, a, after, b, head + x, head + matchX, head + y, head + matchY));
            }

            (x, y) = (matchX + 1, matchY + 1);
        }

        return changes;
    }

    private static TextChange Replace(string before, List<(int Start, int End)> a, string after, List<(int Start, int End)> b, int fromA, int toA, int fromB, int toB)
    {
        var start = fromA < a.Count ? a[fromA].Start : before.Length;
        var end = toA > fromA ? a[toA - 1].End : start;
        var newStart = fromB < b.Count ? b[fromB].Start : after.Length;
        var newEnd = toB > fromB ? b[toB - 1].End : newStart;
        return new TextChange(TextSpan.FromBounds(start, end), after[newStart..newEnd]);
    }

    /// <summary>The matched line pairs of a shortest edit script, in order; null when it needs more than <see cref="MaxEdits"/> edits.</summary>
    private static List<(int X, int Y)>? Myers(int n, int m, Func<int, int, bool> equal)
    {
        var max = Math.Min(n + m, MaxEdits);
        var offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            trace.Add((int[])v.Clone());
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && equal(x, y))
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(trace, offset, n, m);
                }
            }
        }

        return null;
    }

    private static List<(int X, int Y)> Backtrack(List<int[]> trace, int offset, int n, int m)
    {
        var matches = new List<(int, int)>();
        int x = n, y = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var v = trace[d];
            var k = x - y;
            var previousK = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : v[offset + previousK];
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY && x > 0 && y > 0)
            {
                matches.Add((x - 1, y - 1));
                x--;
                y--;
            }

            if (d > 0)
            {
                (x, y) = (previousX, previousY);
            }
        }

        matches.Reverse();
        return matches;
    }

    private static bool Same(string a, (int Start, int End) la, string b, (int Start, int End) lb) =>
        a.AsSpan(la.Start, la.End - la.Start).SequenceEqual(b.AsSpan(lb.Start, lb.End - lb.Start));

    /// <summary>Each line's span including its terminator.</summary>
    private static List<(int Start, int End)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines.Add((start, i + 1));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add((start, text.Length));
        }

        return lines;
    }
}
