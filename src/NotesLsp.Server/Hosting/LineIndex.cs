using System.Runtime.CompilerServices;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// The start offset of every line of a document, built once per document version (one pass over the blocks'
/// precomputed line breaks, no text scanning) and cached, so converting thousands of offsets for one response
/// costs a binary search each instead of a walk down the block tree.
/// </summary>
public static class LineIndex
{
    private static readonly ConditionalWeakTable<NoteDocument, int[]> Cache = [];

    public static int[] LineStarts(NoteDocument document) => Cache.GetValue(document, Build);

    public static LinePosition PositionOf(NoteDocument document, int offset)
    {
        var starts = LineStarts(document);
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
}
