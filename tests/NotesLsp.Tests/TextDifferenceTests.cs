using CsCheck;
using NotesLsp.Cli;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// Properties of the Myers line diff behind <c>--diff</c>: for random edits of real corpus text, the changes it finds,
/// applied to the old text, give the new text; they are in order, do not overlap, and each covers whole lines.
/// </summary>
public sealed class TextDifferenceTests
{
    private static readonly string[] Texts = [.. TestData.RealDumps.Select(File.ReadAllText)];

    private enum Kind
    {
        DeleteLines,
        InsertLines,
        ReplaceLine,
        MoveLines,
        CrlfLine,
        EditCharacters,
        DropFinalNewline,
    }

    private static Gen<(Kind Kind, int A, int B, int C, string Text)> Edit { get; } =
        Gen.Select(Gen.Enum<Kind>(), Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.Int[1, 6], Gen.String[Gen.Char["ab #・日\n\r"], 0, 8], (k, a, b, c, t) => (k, a, b, c, t));

    [Fact]
    public void Applying_the_difference_to_the_old_text_gives_the_new_text()
    {
        Gen.Select(Gen.Int[0, Texts.Length - 1], Gen.Int[0, 1000], Edit.Array[1, 12], Gen.Bool)
            .Sample((textIndex, cut, edits, crlf) =>
            {
                var old = Slice(Texts[textIndex], cut, crlf);
                var @new = Apply(old, edits);
                Check(old, @new);
            }, iter: 400, threads: 1);
    }

    [Fact]
    public void Edge_cases_round_trip()
    {
        var text = Texts[0];
        foreach (var (a, b) in new[]
        {
            ("", ""), ("", text), (text, ""), (text, text), ("a", "a\n"), ("a\n", "a"), ("a\r\nb", "a\nb"), ("a\rb\r", "a\r\nb\r\n"),
            ("x\n", "y\n"), (text, text + "tail"), (text, "head\n" + text), (text, string.Concat(text.Split('\n').Reverse().Select(l => l + "\n"))),
        })
        {
            Check(a, b);
        }
    }

    [Fact]
    public void More_differences_than_the_edit_limit_still_round_trip()
    {
        // 6,000 distinct lines against the same lines in another order: past MaxEdits the middle becomes one change.
        var lines = Enumerable.Range(0, 6000).Select(i => $"#Tag{i} Issue Date: 2024-01-01 #{i} line\n").ToArray();
        var old = string.Concat(lines);
        var @new = string.Concat(lines.Select((l, i) => (l, i)).OrderBy(x => (x.i * 7919) % 6000).Select(x => x.l));
        var changes = Check(old, @new);
        Assert.Single(changes);
    }

    [Fact]
    public void One_changed_line_is_one_change_of_that_line()
    {
        var old = Texts[0];
        var lines = old.Split('\n');
        var middle = lines.Length / 2;
        lines[middle] = "changed " + lines[middle];
        var change = Assert.Single(Check(old, string.Join('\n', lines)));
        Assert.Equal("changed ", change.NewText[..8]);
        Assert.Equal(old.Split('\n')[middle] + "\n", old.Substring(change.Span.Start, change.Span.Length));
    }

    private static IReadOnlyList<TextChange> Check(string old, string @new)
    {
        var changes = TextDifference.Between(old, @new);
        var at = 0;
        foreach (var change in changes)
        {
            Assert.True(change.Span.Start >= at && change.Span.End <= old.Length, $"out of order or overlapping at {change.Span}");
            Assert.True(change.Span.Start == 0 || old[change.Span.Start - 1] is '\n' or '\r', $"change at {change.Span.Start} does not start a line");
            at = change.Span.End;
        }

        Assert.Equal(@new, Ide.SourceChange.Apply(old, changes));
        if (old == @new)
        {
            Assert.Empty(changes);
        }

        return changes;
    }

    private static string Slice(string text, int cut, bool crlf)
    {
        var lines = text.Split('\n');
        var start = cut % Math.Max(1, lines.Length);
        var slice = string.Join('\n', lines.Skip(start).Take(60));
        return crlf ? slice.ReplaceLineEndings("\r\n") : slice;
    }

    private static string Apply(string text, (Kind Kind, int A, int B, int C, string Text)[] edits)
    {
        var lines = text.Split('\n').Select(l => l + "\n").ToList();
        lines[^1] = lines[^1][..^1];
        foreach (var (kind, a, b, c, insert) in edits)
        {
            var i = lines.Count == 0 ? 0 : a % lines.Count;
            switch (kind)
            {
                case Kind.DeleteLines when lines.Count > 0:
                    lines.RemoveRange(i, Math.Min(c, lines.Count - i));
                    break;
                case Kind.InsertLines:
                    lines.InsertRange(i, Enumerable.Range(0, c).Select(k => lines.Count > 0 ? lines[(b + k) % lines.Count] : insert + "\n").ToList());
                    break;
                case Kind.ReplaceLine when lines.Count > 0:
                    lines[i] = insert + lines[i];
                    break;
                case Kind.MoveLines when lines.Count > 1:
                    var moved = lines[i];
                    lines.RemoveAt(i);
                    lines.Insert(b % lines.Count, moved.EndsWith('\n') ? moved : moved + "\n");
                    break;
                case Kind.CrlfLine when lines.Count > 0 && lines[i].EndsWith('\n'):
                    lines[i] = lines[i].EndsWith("\r\n", StringComparison.Ordinal) ? lines[i][..^2] + "\n" : lines[i][..^1] + "\r\n";
                    break;
                case Kind.EditCharacters when lines.Count > 0 && lines[i].Length > 0:
                    var at = b % lines[i].Length;
                    lines[i] = string.Concat(lines[i].AsSpan(0, at), insert, lines[i].AsSpan(Math.Min(lines[i].Length, at + c)));
                    break;
                case Kind.DropFinalNewline when lines.Count > 0 && lines[^1].EndsWith('\n'):
                    lines[^1] = lines[^1][..^1];
                    break;
            }
        }

        return string.Concat(lines);
    }
}
