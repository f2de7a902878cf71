using System.Text;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>One applied edit: the replaced range of the old text and where its new text sits in the result.</summary>
public readonly record struct AppliedEdit(int Start, int End, string NewText, int NewStart)
{
    public int Removed => End - Start;
}

/// <summary>
/// Applies LSP text edits the way an editor does — positions in UTF-16 code units, lines ended by <c>\r\n</c>,
/// <c>\n</c> or a lone <c>\r</c> — and fails on anything an editor would have to guess about: a range outside the
/// document or past its line's end, a position inside a surrogate pair or a CRLF, edits that overlap.
/// </summary>
public sealed class EditorText
{
    private readonly List<int> lineStarts = [0];
    private readonly List<int> contentEnds = [];

    public EditorText(string text)
    {
        Text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                contentEnds.Add(i);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                lineStarts.Add(i + 1);
            }
        }

        contentEnds.Add(text.Length);
    }

    public string Text { get; }

    public int LineCount => lineStarts.Count;

    public int LineStart(int line) => lineStarts[line];

    public int LineContentEnd(int line) => contentEnds[line];

    public int OffsetOf(JsonNode position, string what)
    {
        var line = (int)position["line"]!;
        var character = (int)position["character"]!;
        Assert.True(line >= 0 && line < LineCount, $"{what}: line {line} is outside the document ({LineCount} lines)");
        var length = contentEnds[line] - lineStarts[line];
        Assert.True(character >= 0 && character <= length, $"{what}: character {character} is past the end of line {line} ({length} code units)");
        var offset = lineStarts[line] + character;
        Assert.False(offset > 0 && offset < Text.Length && char.IsHighSurrogate(Text[offset - 1]) && char.IsLowSurrogate(Text[offset]), $"{what}: position {line}:{character} splits a surrogate pair");
        return offset;
    }

    public JsonObject PositionAt(int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        return LspClient.Position(line, offset - lineStarts[line]);
    }

    public JsonObject RangeOf(int start, int end) => new() { ["start"] = PositionAt(start), ["end"] = PositionAt(end) };

    /// <summary>
    /// The edits of one text document, resolved to offsets and sorted (edits at the same offset keep their order,
    /// as LSP requires). Fails when a range is reversed or when two edits overlap.
    /// </summary>
    public IReadOnlyList<AppliedEdit> Resolve(JsonArray edits, string what)
    {
        var resolved = new List<(int Start, int End, string NewText, int Order)>();
        for (var i = 0; i < edits.Count; i++)
        {
            var range = edits[i]!["range"]!;
            var start = OffsetOf(range["start"]!, $"{what}, edit {i} start");
            var end = OffsetOf(range["end"]!, $"{what}, edit {i} end");
            Assert.True(start <= end, $"{what}, edit {i}: the range ends before it starts");
            resolved.Add((start, end, (string)edits[i]!["newText"]!, i));
        }

        resolved.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order));
        var result = new List<AppliedEdit>(resolved.Count);
        var delta = 0;
        for (var i = 0; i < resolved.Count; i++)
        {
            var (start, end, newText, _) = resolved[i];
            if (i > 0 && resolved[i - 1].End > start)
            {
                Assert.Fail($"{what}: edits overlap at [{resolved[i - 1].Start}..{resolved[i - 1].End}) and [{start}..{end})");
            }

            result.Add(new AppliedEdit(start, end, newText, start + delta));
            delta += newText.Length - (end - start);
        }

        return result;
    }

    /// <summary>The text after the edits, checked piece by piece: every code unit outside the edited ranges is kept, in order.</summary>
    public string Apply(IReadOnlyList<AppliedEdit> edits)
    {
        var builder = new StringBuilder(Text.Length);
        var at = 0;
        foreach (var edit in edits)
        {
            builder.Append(Text, at, edit.Start - at).Append(edit.NewText);
            at = edit.End;
        }

        var result = builder.Append(Text, at, Text.Length - at).ToString();
        AssertOnlyEditedRangesChanged(Text, result, edits);
        return result;
    }

    /// <summary>Walks old and new text side by side: the gaps between edits are identical, each edit's new text sits where it should.</summary>
    public static void AssertOnlyEditedRangesChanged(string before, string after, IReadOnlyList<AppliedEdit> edits)
    {
        var oldAt = 0;
        var newAt = 0;
        foreach (var edit in edits)
        {
            var gap = edit.Start - oldAt;
            Assert.True(string.CompareOrdinal(before, oldAt, after, newAt, gap) == 0, $"text before [{edit.Start}..{edit.End}) changed");
            newAt += gap;
            Assert.Equal(edit.NewStart, newAt);
            Assert.True(string.CompareOrdinal(after, newAt, edit.NewText, 0, edit.NewText.Length) == 0, $"the new text of [{edit.Start}..{edit.End}) is not in place");
            newAt += edit.NewText.Length;
            oldAt = edit.End;
        }

        var tail = before.Length - oldAt;
        Assert.Equal(after.Length - newAt, tail);
        Assert.True(string.CompareOrdinal(before, oldAt, after, newAt, tail) == 0, "text after the last edit changed");
    }
}
