using System.Text;

namespace NotesLsp.Syntax;

/// <summary>An entry block with the absolute offset where it starts in its document.</summary>
public readonly record struct EntryAt(EntrySyntax Syntax, int Start, int Index)
{
    public TextSpan Absolute(TextSpan relative) => relative.Shift(Start);

    public TextSpan Span => new(Start, Syntax.Length);
}

/// <summary>A line and a UTF-16 character offset in it, both 0-based.</summary>
public readonly record struct LinePosition(int Line, int Character);

/// <summary>
/// An immutable parsed note dump. <see cref="WithChange"/> returns a new document that re-parses only the
/// blocks around the change and shares every other block (and most of the tree) with this one.
/// </summary>
public sealed class NoteDocument
{
    /// <summary>The block index of the prologue: block 0, always there (possibly empty).</summary>
    public const int PrologueIndex = 0;

    /// <summary>The block index of the first entry: entries follow the prologue.</summary>
    public const int FirstEntryIndex = PrologueIndex + 1;

    private const int ParallelThreshold = 1 << 20;

    private readonly BlockTree root;

    /// <summary>For a document made by <see cref="WithChange"/>: which one, and which of its blocks were replaced by which.</summary>
    private readonly Derivation? derivation;

    private NoteDocument(BlockTree root, int reparsedBlocks, Derivation? derivation = null)
    {
        this.root = root;
        ReparsedBlocks = reparsedBlocks;
        this.derivation = derivation;
    }

    public int Length => root.Length;

    /// <summary>Number of blocks: the prologue plus one per entry.</summary>
    public int BlockCount => root.Count;

    public int EntryCount => root.Count - FirstEntryIndex;

    public int LineCount => root.LineBreaks + 1;

    /// <summary>How many blocks the last parse built (all of them for a full parse).</summary>
    public int ReparsedBlocks { get; }

    public PrologueSyntax Prologue => (PrologueSyntax)BlockTree.At(root, PrologueIndex).Block;

    public static NoteDocument Parse(string text) => Parse(text.AsMemory());

    public static NoteDocument Parse(ReadOnlyMemory<char> text) => Parse(text, allowParallel: true);

    internal static NoteDocument Parse(ReadOnlyMemory<char> text, bool allowParallel)
    {
        var blocks = SplitAndParse(text, zeroIsLineStart: true, withPrologue: true, allowParallel)!;
        return new NoteDocument(BlockTree.Build(blocks)!, blocks.Count);
    }

    /// <summary>A document of these blocks as they are, the prologue first: lets tests build a tree no parse would.</summary>
    internal static NoteDocument FromBlocks(IReadOnlyList<Block> blocks) => new(BlockTree.Build(blocks)!, blocks.Count);

    public string GetText()
    {
        var builder = new StringBuilder(Length);
        foreach (var block in Blocks())
        {
            builder.Append(block.Text.Span);
        }

        return builder.ToString();
    }

    public string GetText(TextSpan span)
    {
        var builder = new StringBuilder(span.Length);
        var (index, start, _, _) = BlockTree.FindByOffset(root, span.Start);
        var position = span.Start;
        while (position < span.End && index < root.Count)
        {
            var (block, blockStart) = BlockTree.At(root, index);
            start = blockStart;
            var from = position - start;
            var to = Math.Min(block.Length, span.End - start);
            builder.Append(block.Text.Span[from..to]);
            position = start + to;
            index++;
        }

        return builder.ToString();
    }

    /// <summary>True when the document's text is exactly <paramref name="text"/> (compared block by block, nothing copied).</summary>
    public bool HasText(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        var start = 0;
        foreach (var block in Blocks())
        {
            if (!block.Text.Span.SequenceEqual(text.Slice(start, block.Length)))
            {
                return false;
            }

            start += block.Length;
        }

        return true;
    }

    /// <summary>
    /// UTF-16 code units held by the strings that the blocks' texts are slices of. A re-parsed region gets a string of
    /// its own while the untouched blocks keep the original one alive, so edits spread over a big document make this
    /// grow past <see cref="Length"/>; <see cref="Compacted"/> brings it back.
    /// </summary>
    public long RetainedTextLength()
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        long total = 0;
        foreach (var block in Blocks())
        {
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetString(block.Text, out var owner, out _, out _))
            {
                total += seen.Add(owner) ? owner.Length : 0;
            }
            else
            {
                total += block.Length;
            }
        }

        return total;
    }

    /// <summary>The same document parsed afresh from one string: equal to this one, holding no text it no longer uses.</summary>
    public NoteDocument Compacted() => Parse(GetText());

    public IReadOnlyList<Block> Blocks()
    {
        var list = new List<Block>(root.Count);
        BlockTree.CopyTo(root, list);
        return list;
    }

    public IEnumerable<EntryAt> Entries()
    {
        var start = 0;
        var index = 0;
        foreach (var block in Blocks())
        {
            if (block is EntrySyntax entry)
            {
                yield return new EntryAt(entry, start, index);
            }

            start += block.Length;
            index++;
        }
    }

    /// <summary>
    /// The entries from the one whose block contains <paramref name="offset"/> (from the first entry when the offset is
    /// in the prologue) to the last, in document order, each found in O(log n): stop once they pass what you need.
    /// </summary>
    public IEnumerable<EntryAt> EntriesFrom(int offset)
    {
        var first = EntryAtOffset(offset) is { } entry ? entry.Index : FirstEntryIndex;
        for (var index = first; index < BlockCount; index++)
        {
            yield return EntryByIndex(index);
        }
    }

    /// <summary>The entry whose block contains <paramref name="offset"/>, or null inside the prologue.</summary>
    public EntryAt? EntryAtOffset(int offset)
    {
        var (index, start, _, block) = BlockTree.FindByOffset(root, Math.Clamp(offset, 0, Length));
        return block is EntrySyntax entry ? new EntryAt(entry, start, index) : null;
    }

    public EntryAt EntryByIndex(int blockIndex)
    {
        var (block, start) = BlockTree.At(root, blockIndex);
        return new EntryAt((EntrySyntax)block, start, blockIndex);
    }

    /// <summary>The token that contains <paramref name="offset"/> (or ends at it), in absolute coordinates.</summary>
    public SyntaxToken? TokenAt(int offset, bool preferPrevious = false)
    {
        if (Length == 0)
        {
            return null;
        }

        var clamped = Math.Clamp(offset, 0, Length);
        var (_, start, _, block) = BlockTree.FindByOffset(root, preferPrevious && clamped > 0 ? clamped - 1 : clamped);
        var local = (preferPrevious && clamped > 0 ? clamped - 1 : clamped) - start;
        foreach (var t in block.Tokens)
        {
            if (local < t.End)
            {
                return local >= t.Start ? t with { Start = t.Start + start } : null;
            }
        }

        return null;
    }

    /// <summary>True when the entry's block starts in the middle of a line (its tag list is glued to the previous text).</summary>
    public bool IsGlued(EntryAt entry)
    {
        if (entry.Start == 0)
        {
            return false;
        }

        var previous = BlockTree.At(root, entry.Index - 1).Block;
        return !LineBreaks.IsLineBreakChar(previous.Text.Span[^1]);
    }

    public LinePosition PositionOf(int offset)
    {
        offset = Math.Clamp(offset, 0, Length);
        var (_, start, breaksBefore, block) = BlockTree.FindByOffset(root, offset);
        var local = offset - start;
        var ends = block.LineBreakEnds;
        var count = UpperBound(ends, local);
        var line = breaksBefore + count;
        int lineStart;
        if (count > 0)
        {
            lineStart = start + ends[count - 1];
        }
        else
        {
            lineStart = breaksBefore == 0 ? 0 : LineStartOffset(line);
        }

        return new LinePosition(line, offset - lineStart);
    }

    private sealed record Derivation(WeakReference<NoteDocument> From, int First, int Removed, IReadOnlyList<Block> Added);

    /// <summary>
    /// A cursor for converting many offsets that come mostly in increasing order (a document's diagnostics) to
    /// positions: it steps through the blocks in order, so converting a whole document's worth costs O(blocks) with no
    /// allocation per offset. Same answers as <see cref="PositionOf"/>.
    /// </summary>
    public PositionCursor CreatePositionCursor() => new(this);

    /// <summary>See <see cref="CreatePositionCursor"/>. An offset before the current block is looked up in the tree.</summary>
    public sealed class PositionCursor
    {
        private readonly NoteDocument document;
        private readonly Stack<BlockTree> pending = new();
        private Block block;
        private int blockStart;
        private int breaksBefore;
        private int lastLineStart;

        internal PositionCursor(NoteDocument document)
        {
            this.document = document;
            PushLeft(document.root);
            block = Next()!;
        }

        public LinePosition PositionOf(int offset)
        {
            offset = Math.Clamp(offset, 0, document.Length);
            if (offset < blockStart)
            {
                return document.PositionOf(offset);
            }

            while (offset >= blockStart + block.Length && pending.Count > 0)
            {
                var ends = block.LineBreakEnds;
                if (ends.Count > 0)
                {
                    lastLineStart = blockStart + ends[^1];
                    breaksBefore += ends.Count;
                }

                blockStart += block.Length;
                block = Next()!;
            }

            var local = offset - blockStart;
            var blockEnds = block.LineBreakEnds;
            var count = UpperBound(blockEnds, local);
            var lineStart = count > 0 ? blockStart + blockEnds[count - 1] : breaksBefore == 0 ? 0 : lastLineStart;
            return new LinePosition(breaksBefore + count, offset - lineStart);
        }

        private Block? Next()
        {
            if (pending.Count == 0)
            {
                return null;
            }

            var node = pending.Pop();
            PushLeft(node.Right);
            return node.Value;
        }

        private void PushLeft(BlockTree? node)
        {
            for (; node is not null; node = node.Left)
            {
                pending.Push(node);
            }
        }
    }

    /// <summary>Offset of the first character of <paramref name="line"/> (clamped to the document).</summary>
    public int LineStartOffset(int line)
    {
        if (line <= 0)
        {
            return 0;
        }

        if (line > root.LineBreaks)
        {
            return Length;
        }

        var (block, start, before) = BlockTree.FindByLineBreak(root, line);
        return start + block.LineBreakEnds[line - before - 1];
    }

    /// <summary>Offset just past the content of <paramref name="line"/>, before its terminator.</summary>
    public int LineContentEndOffset(int line)
    {
        var next = line + 1 > root.LineBreaks ? Length : LineStartOffset(line + 1);
        if (next == Length && line + 1 > root.LineBreaks)
        {
            return Length;
        }

        var text = GetText(TextSpan.FromBounds(Math.Max(LineStartOffset(line), next - 2), next));
        return next - (text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1);
    }

    public string GetLineText(int line)
    {
        var start = LineStartOffset(line);
        return GetText(TextSpan.FromBounds(start, Math.Max(start, LineContentEndOffset(line))));
    }

    /// <summary>The offset of a position; characters past the line's end clamp to it, lines past the end to the document's end.</summary>
    public int OffsetOf(LinePosition position)
    {
        if (position.Line < 0)
        {
            return 0;
        }

        if (position.Line > root.LineBreaks)
        {
            return Length;
        }

        var start = LineStartOffset(position.Line);
        var end = LineContentEndOffset(position.Line);
        return Math.Clamp(start + Math.Max(0, position.Character), start, Math.Max(start, end));
    }

    /// <summary>
    /// Applies one change and re-parses only what it can affect (see README, "Incremental parsing"), checked against a
    /// full parse when <see cref="IncrementalSelfCheck.Default"/> is on.
    /// </summary>
    public NoteDocument WithChange(TextChange change) => WithChange(change, IncrementalSelfCheck.Default);

    /// <summary>
    /// Applies one change and re-parses only what it can affect; when <paramref name="check"/> is on, compares the
    /// result with a full parse and returns the full parse (after reporting the edit) if they differ.
    /// </summary>
    public NoteDocument WithChange(TextChange change, IncrementalSelfCheck? check)
    {
        var incremental = Reparse(change);
        return check is { Enabled: true } ? check.Verify(this, change, incremental) : incremental;
    }

    /// <summary>The whole text with <paramref name="change"/> applied, its span clamped to the document as <see cref="WithChange(TextChange)"/> does.</summary>
    internal string TextAfter(TextChange change)
    {
        var a = Math.Clamp(change.Span.Start, 0, Length);
        var b = Math.Clamp(change.Span.End, a, Length);
        return GetText(TextSpan.FromBounds(0, a)) + change.NewText + GetText(TextSpan.FromBounds(b, Length));
    }

    private NoteDocument Reparse(TextChange change)
    {
        var a = Math.Clamp(change.Span.Start, 0, Length);
        var b = Math.Clamp(change.Span.End, a, Length);

        // Left edge: the block before the one holding the start of the line before the edit. Nothing the
        // edit does can move an entry start before that block's start (EntryBoundaries reads one line back).
        var lineOfA = PositionOf(a).Line;
        var leftProbe = LineStartOffset(Math.Max(0, lineOfA - 1));
        var first = Math.Max(0, BlockTree.FindByOffset(root, leftProbe).Index - 1);
        var regionStart = BlockTree.At(root, first).Start;

        // Right edge: the first later entry whose anchor has two whole lines of unchanged text before it.
        var last = BlockTree.FindByOffset(root, b).Index;
        var end = root.Count;
        var regionEnd = Length;
        for (var i = last + 1; i < root.Count; i++)
        {
            var (block, start) = BlockTree.At(root, i);
            var anchor = start + ((EntrySyntax)block).AnchorOffset;
            var anchorLine = PositionOf(anchor).Line;
            if (anchorLine - 2 >= 0 && LineStartOffset(anchorLine - 2) > b)
            {
                end = i;
                regionEnd = start;
                break;
            }
        }

        var builder = new StringBuilder(regionEnd - regionStart + change.NewText.Length);
        builder.Append(GetText(TextSpan.FromBounds(regionStart, a)));
        builder.Append(change.NewText);
        builder.Append(GetText(TextSpan.FromBounds(b, regionEnd)));
        var regionText = builder.ToString().AsMemory();

        var zeroIsLineStart = regionStart == 0 || LineBreaks.IsLineBreakChar(GetText(new TextSpan(regionStart - 1, 1))[0]);
        var blocks = SplitAndParse(regionText, zeroIsLineStart, withPrologue: first == PrologueIndex);
        if (blocks is null)
        {
            // Unreachable if EntryBoundaries keeps its one-line locality; a full parse is always correct.
            return Parse(TextAfter(change));
        }

        var newRoot = BlockTree.Replace(root, first, end, blocks);
        if (newRoot is null)
        {
            return Parse(string.Empty);
        }

        return new NoteDocument(newRoot, blocks.Count, new Derivation(new WeakReference<NoteDocument>(this), first, end - first, blocks));
    }

    /// <summary>
    /// When this document was made from <paramref name="previous"/> by <see cref="WithChange"/>: the blocks
    /// [<paramref name="first"/>, <paramref name="first"/> + <paramref name="removed"/>) of <paramref name="previous"/>
    /// were replaced by <paramref name="added"/>, and every other block is shared. False otherwise.
    /// </summary>
    public bool TryGetChangeFrom(NoteDocument previous, out int first, out int removed, out IReadOnlyList<Block> added)
    {
        if (derivation is { } d && d.From.TryGetTarget(out var from) && ReferenceEquals(from, previous))
        {
            (first, removed, added) = (d.First, d.Removed, d.Added);
            return true;
        }

        (first, removed, added) = (0, 0, []);
        return false;
    }

    private static List<Block>? SplitAndParse(ReadOnlyMemory<char> text, bool zeroIsLineStart, bool withPrologue, bool allowParallel = true)
    {
        var starts = new List<int>();
        EntryBoundaries.FindEntryStarts(text.Span, zeroIsLineStart, starts);
        var blocks = new List<Block>(starts.Count + 1);
        if (withPrologue)
        {
            var prologueEnd = starts.Count > 0 ? starts[0] : text.Length;
            blocks.Add(BlockParser.ParsePrologue(text[..prologueEnd]));
        }
        else if (starts.Count == 0 || starts[0] != 0)
        {
            return null;
        }

        var entries = new Block[starts.Count];
        void ParseRange(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var end = i + 1 < starts.Count ? starts[i + 1] : text.Length;
                entries[i] = BlockParser.ParseEntry(text[starts[i]..end]);
            }
        }

        // Blocks parse independently of each other, so a large document uses every core.
        if (allowParallel && text.Length >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            var chunk = Math.Max(64, starts.Count / (Environment.ProcessorCount * 4));
            Parallel.For(0, (starts.Count + chunk - 1) / chunk, c => ParseRange(c * chunk, Math.Min(starts.Count, (c + 1) * chunk)));
        }
        else
        {
            ParseRange(0, starts.Count);
        }

        blocks.AddRange(entries);
        return blocks;
    }

    private static int UpperBound(IReadOnlyList<int> sorted, int value)
    {
        var lo = 0;
        var hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
