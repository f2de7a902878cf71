using System.Diagnostics;

namespace NotesLsp.Syntax;

/// <summary>
/// A contiguous piece of a document: the prologue (category title and anything before the first entry) or
/// one entry. Blocks are immutable and position-independent: every span is relative to the block's start,
/// so an edit elsewhere in the document reuses the block object as it is.
/// </summary>
public abstract class Block
{
    protected Block(ReadOnlyMemory<char> text, TokenList tokens)
    {
        Text = text;
        Tokens = tokens;
        LineBreakEnds = LineBreaks.EndsOf(text.Span);
        AssertTokensTile(tokens, text.Length);
    }

    public ReadOnlyMemory<char> Text { get; }

    public int Length => Text.Length;

    /// <summary>Tokens covering the block's text exactly, in order, without gaps or overlaps.</summary>
    public TokenList Tokens { get; }

    /// <summary>Relative offsets just past each line terminator in the block.</summary>
    public IReadOnlyList<int> LineBreakEnds { get; }

    public string GetText(TextSpan span) => Text.Span.Slice(span.Start, span.Length).ToString();

    public override string ToString() => Text.ToString();

    /// <summary>
    /// Why <paramref name="tokens"/> do not tile a block of <paramref name="length"/> code units (a gap, an overlap, an
    /// empty token, or an end short of or past the block's), or null when they do: each token non-empty and starting
    /// where the previous one ended, the first at 0 and the last ending at <paramref name="length"/>.
    /// </summary>
    public static string? TilingError(IEnumerable<SyntaxToken> tokens, int length)
    {
        var position = 0;
        var index = 0;
        foreach (var token in tokens)
        {
            if (token.Start != position)
            {
                return token.Start > position
                    ? $"gap before token {index} {token.Kind} {token.Span}: nothing covers [{position}..{token.Start})"
                    : $"token {index} {token.Kind} {token.Span} overlaps the previous one, which ends at {position}";
            }

            if (token.Length <= 0)
            {
                return $"token {index} {token.Kind} at {token.Start} is empty";
            }

            position = token.End;
            index++;
        }

        return position == length ? null : $"the tokens end at {position}, the block at {length}";
    }

    /// <summary>Debug builds only: a block's tokens tile it (see <see cref="TilingError"/>); a parser bug fails here, where the block is built.</summary>
    [Conditional("DEBUG")]
    private static void AssertTokensTile(TokenList tokens, int length)
    {
        if (TilingError(tokens, length) is { } error)
        {
            throw new UnreachableException("A block's tokens do not tile it: " + error);
        }
    }
}

public sealed class PrologueSyntax : Block
{
    internal PrologueSyntax(ReadOnlyMemory<char> text, TokenList tokens, TextSpan title, IReadOnlyList<TextSpan> strayLines)
        : base(text, tokens)
    {
        TitleSpan = title;
        StrayLines = strayLines;
    }

    /// <summary>The category title: the first line without its terminator (may be empty).</summary>
    public TextSpan TitleSpan { get; }

    public string Title => GetText(TitleSpan);

    /// <summary>Non-blank lines between the title and the first entry.</summary>
    public IReadOnlyList<TextSpan> StrayLines { get; }
}

public readonly record struct TagSyntax(TextSpan Span, string Name);

/// <summary>A <c>・NNNN</c> reference to entry <paramref name="Number"/>.</summary>
/// <param name="Tentative">
/// Fewer than four digits glued to text that does not make them a count (<c>・612Self-Refineとの違い</c>): a reference
/// only when an entry with that number exists, and never an unresolved one. A bare number (<c>・612</c>, then a
/// blank or the end of the line) and four or more glued digits are certain.
/// </param>
public sealed record ReferenceSyntax(TextSpan Span, int Number, bool Tentative = false)
{
    /// <summary>The digits after the bullet.</summary>
    public TextSpan NumberSpan => new(Span.Start + 1, Span.Length - 1);
}

public sealed class EntrySyntax : Block
{
    internal EntrySyntax(ReadOnlyMemory<char> text, TokenList tokens)
        : base(text, tokens)
    {
    }

    public IReadOnlyList<TagSyntax> Tags { get; internal set; } = [];

    /// <summary>From the first tag to the end of the last (empty when the entry has no tags).</summary>
    public TextSpan TagListSpan { get; internal set; }

    public TextSpan IssueDateKeywordSpan { get; internal set; }

    /// <summary>The text after <c>Issue Date:</c> that stands for the date; null when there is none.</summary>
    public TextSpan? DateSpan { get; internal set; }

    public string? DateText => DateSpan is { } s ? GetText(s) : null;

    /// <summary>The <c>#NNNN</c> token after the date (possibly malformed); null when absent.</summary>
    public TextSpan? NumberSpan { get; internal set; }

    /// <summary>The entry number when <see cref="NumberSpan"/> is well-formed.</summary>
    public int? Number { get; internal set; }

    /// <summary>The whole header line between the date (or number) and <c>Summary</c>.</summary>
    public TextSpan HeaderSpan { get; internal set; }

    public string Header => GetText(HeaderSpan);

    public TextSpan TitleSpan { get; internal set; }

    public string Title => GetText(TitleSpan);

    public TextSpan? AuthorSpan { get; internal set; }

    public TextSpan? VenueSpan { get; internal set; }

    public TextSpan? YearSpan { get; internal set; }

    public TextSpan? SummaryKeywordSpan { get; internal set; }

    /// <summary>The summary text after the keyword, up to the comment keyword or the block's end.</summary>
    public TextSpan SummarySpan { get; internal set; }

    public TextSpan? CommentKeywordSpan { get; internal set; }

    /// <summary>The comment text after the keyword (or the body of an entry without keywords).</summary>
    public TextSpan CommentSpan { get; internal set; }

    public IReadOnlyList<ReferenceSyntax> References { get; internal set; } = [];

    public IReadOnlyList<TextSpan> Urls { get; internal set; } = [];

    /// <summary>Offset of the <c>Issue Date:</c> anchor, relative to the block.</summary>
    public int AnchorOffset => IssueDateKeywordSpan.Start;
}
