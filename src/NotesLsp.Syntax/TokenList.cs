using System.Collections;

namespace NotesLsp.Syntax;

/// <summary>
/// A block's tokens, four bytes each: the kind and the length packed in one <see cref="uint"/>. Starts are not stored,
/// because the tokens cover the block without gaps: each starts where the previous one ended. A 10 MB dump has about
/// 290,000 tokens, so this saves over 2 MB against storing (kind, start, length). A block with a token too long to
/// pack (over 2^27 code units), or with tokens that do not tile it, keeps the full form.
/// </summary>
public readonly struct TokenList : IReadOnlyList<SyntaxToken>
{
    private const int LengthBits = 27;
    private const uint LengthMask = (1u << LengthBits) - 1;

    private readonly uint[]? packed;
    private readonly SyntaxToken[]? wide;

    private TokenList(uint[]? packed, SyntaxToken[]? wide)
    {
        this.packed = packed;
        this.wide = wide;
    }

    public int Count => packed?.Length ?? wide?.Length ?? 0;

    /// <summary>The token at <paramref name="index"/>; O(index) for a packed list, so prefer enumerating.</summary>
    public SyntaxToken this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (wide is not null)
            {
                return wide[index];
            }

            var start = 0;
            for (var i = 0; i < index; i++)
            {
                start += (int)(packed![i] & LengthMask);
            }

            return Unpack(packed![index], start);
        }
    }

    public static TokenList From(IReadOnlyList<SyntaxToken> tokens)
    {
        if (tokens.Count == 0)
        {
            return default;
        }

        var packed = new uint[tokens.Count];
        var expectedStart = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Start != expectedStart || (uint)token.Length > LengthMask)
            {
                return new TokenList(null, [.. tokens]);
            }

            packed[i] = ((uint)token.Kind << LengthBits) | (uint)token.Length;
            expectedStart = token.End;
        }

        return new TokenList(packed, null);
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<SyntaxToken> IEnumerable<SyntaxToken>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static SyntaxToken Unpack(uint value, int start) => new((SyntaxKind)(value >> LengthBits), start, (int)(value & LengthMask));

    public struct Enumerator : IEnumerator<SyntaxToken>
    {
        private readonly TokenList list;
        private int index;
        private int nextStart;

        internal Enumerator(TokenList list)
        {
            this.list = list;
            index = -1;
            nextStart = 0;
            Current = default;
        }

        public SyntaxToken Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (++index >= list.Count)
            {
                return false;
            }

            Current = list.wide is { } wide ? wide[index] : Unpack(list.packed![index], nextStart);
            nextStart = Current.End;
            return true;
        }

        public void Reset()
        {
            index = -1;
            nextStart = 0;
        }

        public readonly void Dispose()
        {
        }
    }
}
