using System.Text;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Conversion;

public enum PositionEncodingKind
{
    Utf16,
    Utf8,
    Utf32,
}

/// <summary>
/// Converts between LSP positions (in the negotiated encoding) and UTF-16 offsets of a <see cref="NoteDocument"/>.
/// This is the only place that knows about encodings: everything inside the server works in UTF-16 offsets.
/// </summary>
public sealed class PositionEncoder
{
    public static readonly PositionEncoder Utf16 = new(PositionEncodingKind.Utf16);

    public PositionEncoder(PositionEncodingKind kind) => Kind = kind;

    public PositionEncodingKind Kind { get; }

    public string Name => Kind switch
    {
        PositionEncodingKind.Utf8 => "utf-8",
        PositionEncodingKind.Utf32 => "utf-32",
        _ => "utf-16",
    };

    /// <summary>Picks the first encoding the client offers that we support (utf-16 when it offers none).</summary>
    public static PositionEncoder Negotiate(IEnumerable<string>? offered)
    {
        foreach (var name in offered ?? [])
        {
            switch (name)
            {
                case "utf-16":
                    return Utf16;
                case "utf-8":
                    return new PositionEncoder(PositionEncodingKind.Utf8);
                case "utf-32":
                    return new PositionEncoder(PositionEncodingKind.Utf32);
                default:
                    break;
            }
        }

        return Utf16;
    }

    /// <summary>
    /// The offset of a position, clamped as LSP says: a character past the line's end means the line's end, a line
    /// past the last means the document's end, negative values mean the start.
    /// </summary>
    public int ToOffset(NoteDocument document, Position position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line >= document.LineCount)
        {
            return document.Length;
        }

        if (Kind == PositionEncodingKind.Utf16)
        {
            return document.OffsetOf(new LinePosition(position.Line, position.Character));
        }

        var start = document.LineStartOffset(position.Line);
        var line = document.GetLineText(position.Line);
        var units = 0;
        var i = 0;
        while (i < line.Length && units < position.Character)
        {
            var pair = char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            units += Kind == PositionEncodingKind.Utf32 ? 1 : pair ? 4 : Encoding.UTF8.GetByteCount(line.AsSpan(i, 1));
            i += pair ? 2 : 1;
        }

        return start + i;
    }

    public Position ToPosition(NoteDocument document, int offset) => ToPosition(document, offset, LineIndex.PositionOf(document, offset));

    /// <summary>The position of <paramref name="offset"/> from its UTF-16 line position <paramref name="p"/> (from a cursor).</summary>
    public Position ToPosition(NoteDocument document, int offset, LinePosition p)
    {
        if (Kind == PositionEncodingKind.Utf16 || p.Character == 0)
        {
            return new Position(p.Line, p.Character);
        }

        var start = offset - p.Character;
        var prefix = document.GetText(new TextSpan(start, p.Character));
        return new Position(p.Line, CountUnits(prefix));
    }

    public Range ToRange(NoteDocument document, TextSpan span) => new(ToPosition(document, span.Start), ToPosition(document, span.End));

    /// <summary>
    /// The span of a range; positions clamp (see <see cref="ToOffset"/>) and a range whose start is after its end
    /// is taken with its ends swapped, as vscode-languageserver-textdocument does for edits.
    /// </summary>
    public TextSpan ToSpan(NoteDocument document, Range range)
    {
        var start = ToOffset(document, range.Start);
        var end = ToOffset(document, range.End);
        return TextSpan.FromBounds(Math.Min(start, end), Math.Max(start, end));
    }

    /// <summary>Length of <paramref name="text"/> in this encoding's code units.</summary>
    public int CountUnits(ReadOnlySpan<char> text)
    {
        switch (Kind)
        {
            case PositionEncodingKind.Utf16:
                return text.Length;
            case PositionEncodingKind.Utf8:
                return Encoding.UTF8.GetByteCount(text);
            default:
                var n = 0;
                for (var i = 0; i < text.Length; i++)
                {
                    if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
                    {
                        n++;
                    }
                }

                return n;
        }
    }
}
