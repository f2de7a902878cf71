using System.Runtime.CompilerServices;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Conversion;

/// <summary>
/// The start offset of every line of a document, built per document version (one pass over the blocks' precomputed
/// line breaks, no text scanning) for responses that convert thousands of offsets (outline, folding, semantic
/// tokens, links): a binary search each instead of a walk down the block tree. Building it is O(lines), so anything
/// that converts a few offsets per keystroke (diagnostics, hover, completion) walks the tree unless an index of
/// that version already exists.
/// </summary>
public static class LineIndex
{
    private static readonly ConditionalWeakTable<NoteDocument, int[]> Cache = [];

    public static int[] LineStarts(NoteDocument document) => Cache.GetValue(document, Build);

    /// <summary>Builds the index of this version now: the caller is about to convert many offsets.</summary>
    public static void Prepare(NoteDocument document) => _ = LineStarts(document);

    public static LinePosition PositionOf(NoteDocument document, int offset)
    {
        if (!Cache.TryGetValue(document, out var starts))
        {
            return document.PositionOf(offset);
        }

        offset = Math.Clamp(offset, 0, document.Length);
        var index = Array.BinarySearch(starts, offset);
        var line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line, offset - starts[line]);
    }

    private static int[] Build(NoteDocument document)
    {
        var starts = new int[document.LineCount];
        var count = 1;
        var blockStart = 0;
        foreach (var block in document.Blocks())
        {
            foreach (var end in block.LineBreakEnds)
            {
                starts[count++] = blockStart + end;
            }

            blockStart += block.Length;
        }

        return starts;
    }

    /// <summary>
    /// Converts many offsets of one document version that come roughly in document order (the outline): each lookup
    /// steps from the previous line instead of searching, so a whole document costs O(lines).
    /// </summary>
    public sealed class Cursor(NoteDocument document, PositionEncoder encoder)
    {
        private readonly int[] starts = LineStarts(document);
        private int line;

        public Range ToRange(TextSpan span) => new(ToPosition(span.Start), ToPosition(span.End));

        public Position ToPosition(int offset)
        {
            if (encoder.Kind != PositionEncodingKind.Utf16)
            {
                return encoder.ToPosition(document, offset);
            }

            offset = Math.Clamp(offset, 0, document.Length);
            while (line + 1 < starts.Length && starts[line + 1] <= offset)
            {
                line++;
            }

            while (line > 0 && starts[line] > offset)
            {
                line--;
            }

            return new Position(line, offset - starts[line]);
        }
    }
}
