namespace NotesLsp.Syntax;

/// <summary>
/// A persistent AVL tree of blocks, ordered as in the document, where each node knows the length and the
/// number of line breaks below it. Replacing a run of blocks copies only O(log n) nodes, and offset, line
/// and index lookups are O(log n): the cost of an edit does not grow with the document.
/// </summary>
internal sealed class BlockTree
{
    private BlockTree(Block value, BlockTree? left, BlockTree? right)
    {
        Value = value;
        Left = left;
        Right = right;
        Height = 1 + Math.Max(HeightOf(left), HeightOf(right));
        Count = 1 + CountOf(left) + CountOf(right);
        Length = value.Length + LengthOf(left) + LengthOf(right);
        LineBreaks = value.LineBreakEnds.Count + LineBreaksOf(left) + LineBreaksOf(right);
    }

    public Block Value { get; }

    public BlockTree? Left { get; }

    public BlockTree? Right { get; }

    public int Height { get; }

    public int Count { get; }

    public int Length { get; }

    public int LineBreaks { get; }

    public static int HeightOf(BlockTree? t) => t?.Height ?? 0;

    public static int CountOf(BlockTree? t) => t?.Count ?? 0;

    public static int LengthOf(BlockTree? t) => t?.Length ?? 0;

    public static int LineBreaksOf(BlockTree? t) => t?.LineBreaks ?? 0;

    public static BlockTree? Build(IReadOnlyList<Block> blocks) => Build(blocks, 0, blocks.Count);

    private static BlockTree? Build(IReadOnlyList<Block> blocks, int from, int to)
    {
        if (from >= to)
        {
            return null;
        }

        var mid = (from + to) / 2;
        return new BlockTree(blocks[mid], Build(blocks, from, mid), Build(blocks, mid + 1, to));
    }

    /// <summary>The block at <paramref name="index"/> and the offset where it starts.</summary>
    public static (Block Block, int Start) At(BlockTree root, int index)
    {
        var node = root;
        var start = 0;
        while (true)
        {
            var leftCount = CountOf(node.Left);
            if (index < leftCount)
            {
                node = node.Left!;
            }
            else if (index == leftCount)
            {
                return (node.Value, start + LengthOf(node.Left));
            }
            else
            {
                index -= leftCount + 1;
                start += LengthOf(node.Left) + node.Value.Length;
                node = node.Right!;
            }
        }
    }

    /// <summary>
    /// The block containing <paramref name="offset"/> (the last block when offset is the document's end), with
    /// its index, start offset and the number of line breaks before it.
    /// </summary>
    public static (int Index, int Start, int LineBreaksBefore, Block Block) FindByOffset(BlockTree root, int offset)
    {
        var node = root;
        var index = 0;
        var start = 0;
        var breaks = 0;
        while (true)
        {
            var leftLength = LengthOf(node.Left);
            if (offset < leftLength && node.Left is not null)
            {
                node = node.Left;
                continue;
            }

            var valueEnd = leftLength + node.Value.Length;
            if (offset < valueEnd || node.Right is null)
            {
                return (index + CountOf(node.Left), start + leftLength, breaks + LineBreaksOf(node.Left), node.Value);
            }

            offset -= valueEnd;
            index += CountOf(node.Left) + 1;
            start += valueEnd;
            breaks += LineBreaksOf(node.Left) + node.Value.LineBreakEnds.Count;
            node = node.Right;
        }
    }

    /// <summary>The block holding the <paramref name="lineBreak"/>-th line break (1-based) and its start offset and breaks before it.</summary>
    public static (Block Block, int Start, int LineBreaksBefore) FindByLineBreak(BlockTree root, int lineBreak)
    {
        var node = root;
        var start = 0;
        var breaks = 0;
        while (true)
        {
            var leftBreaks = LineBreaksOf(node.Left);
            if (lineBreak <= leftBreaks)
            {
                node = node.Left!;
                continue;
            }

            var own = node.Value.LineBreakEnds.Count;
            if (lineBreak <= leftBreaks + own)
            {
                return (node.Value, start + LengthOf(node.Left), breaks + leftBreaks);
            }

            lineBreak -= leftBreaks + own;
            breaks += leftBreaks + own;
            start += LengthOf(node.Left) + node.Value.Length;
            node = node.Right!;
        }
    }

    public static void CopyTo(BlockTree? node, List<Block> into)
    {
        if (node is null)
        {
            return;
        }

        CopyTo(node.Left, into);
        into.Add(node.Value);
        CopyTo(node.Right, into);
    }

    /// <summary>Replaces the blocks [from, to) by <paramref name="replacement"/>.</summary>
    public static BlockTree? Replace(BlockTree? root, int from, int to, IReadOnlyList<Block> replacement)
    {
        var (left, rest) = Split(root, from);
        var (_, right) = Split(rest, to - from);
        return Concat(Concat(left, Build(replacement)), right);
    }

    private static (BlockTree? Left, BlockTree? Right) Split(BlockTree? node, int index)
    {
        if (node is null)
        {
            return (null, null);
        }

        var leftCount = CountOf(node.Left);
        if (index <= leftCount)
        {
            var (ll, lr) = Split(node.Left, index);
            return (ll, Join(lr, node.Value, node.Right));
        }

        var (rl, rr) = Split(node.Right, index - leftCount - 1);
        return (Join(node.Left, node.Value, rl), rr);
    }

    private static BlockTree? Concat(BlockTree? left, BlockTree? right)
    {
        if (left is null)
        {
            return right;
        }

        if (right is null)
        {
            return left;
        }

        var (rest, first) = RemoveFirst(right);
        return Join(left, first, rest);
    }

    private static (BlockTree? Remaining, Block First) RemoveFirst(BlockTree node)
    {
        if (node.Left is null)
        {
            return (node.Right, node.Value);
        }

        var (rest, first) = RemoveFirst(node.Left);
        return (Balance(rest, node.Value, node.Right), first);
    }

    private static BlockTree Join(BlockTree? left, Block value, BlockTree? right)
    {
        var hl = HeightOf(left);
        var hr = HeightOf(right);
        if (hl > hr + 1)
        {
            return Balance(left!.Left, left.Value, Join(left.Right, value, right));
        }

        if (hr > hl + 1)
        {
            return Balance(Join(left, value, right!.Left), right.Value, right.Right);
        }

        return new BlockTree(value, left, right);
    }

    private static BlockTree Balance(BlockTree? left, Block value, BlockTree? right)
    {
        var hl = HeightOf(left);
        var hr = HeightOf(right);
        if (hl > hr + 1)
        {
            if (HeightOf(left!.Left) >= HeightOf(left.Right))
            {
                return new BlockTree(left.Value, left.Left, new BlockTree(value, left.Right, right));
            }

            var lr = left.Right!;
            return new BlockTree(lr.Value, new BlockTree(left.Value, left.Left, lr.Left), new BlockTree(value, lr.Right, right));
        }

        if (hr > hl + 1)
        {
            if (HeightOf(right!.Right) >= HeightOf(right.Left))
            {
                return new BlockTree(right.Value, new BlockTree(value, left, right.Left), right.Right);
            }

            var rl = right.Left!;
            return new BlockTree(rl.Value, new BlockTree(value, left, rl.Left), new BlockTree(right.Value, rl.Right, right.Right));
        }

        return new BlockTree(value, left, right);
    }
}
