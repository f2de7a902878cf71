using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// The client's copy of a document (lines end at <c>\n</c>), edited with LSP's rules as
/// vscode-languageserver-textdocument applies them: positions clamp to the line and the document, a range whose
/// start is after its end is swapped.
/// </summary>
public static class TextModel
{
    private static readonly string[] Insertions = ["a", "#", " ", "\n", "・12", "Issue Date: 2025-01-0", "日本", "Summary", string.Empty, "#NewTag "];

    public static int OffsetOf(string text, int line, int character)
    {
        if (line < 0)
        {
            return 0;
        }

        var start = 0;
        for (var l = 0; l < line; l++)
        {
            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return text.Length;
            }

            start = next + 1;
        }

        var end = text.IndexOf('\n', start);
        end = end < 0 ? text.Length : end;
        return Math.Clamp(start + Math.Max(0, character), start, end);
    }

    public static (int Line, int Character) PositionOf(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = text.IndexOf('\n'); i >= 0 && i < offset; i = text.IndexOf('\n', i + 1))
        {
            line++;
            lineStart = i + 1;
        }

        return (line, offset - lineStart);
    }

    public static string Apply(string text, int l1, int c1, int l2, int c2, string insert)
    {
        var a = OffsetOf(text, l1, c1);
        var b = OffsetOf(text, l2, c2);
        (a, b) = (Math.Min(a, b), Math.Max(a, b));
        return string.Concat(text.AsSpan(0, a), insert, text.AsSpan(b));
    }

    /// <summary>A random small edit (never splitting a surrogate pair) as didChange params, and the text after it.</summary>
    public static (JsonObject Change, string Text) RandomEdit(string text, Random random, string uri, int version)
    {
        var a = random.Next(text.Length + 1);
        var b = Math.Min(text.Length, a + random.Next(4));
        while (a > 0 && a < text.Length && char.IsLowSurrogate(text[a]))
        {
            a--;
        }

        while (b > a && b < text.Length && char.IsLowSurrogate(text[b]))
        {
            b++;
        }

        var insert = Insertions[random.Next(Insertions.Length)];
        var (l1, c1) = PositionOf(text, a);
        var (l2, c2) = PositionOf(text, b);
        return (LspClient.Change(uri, version, l1, c1, l2, c2, insert), string.Concat(text.AsSpan(0, a), insert, text.AsSpan(b)));
    }
}
