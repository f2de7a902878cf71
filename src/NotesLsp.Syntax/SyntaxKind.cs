namespace NotesLsp.Syntax;

public enum SyntaxKind : byte
{
    CategoryTitle,
    StrayText,
    Whitespace,
    Newline,
    Tag,
    IssueDateKeyword,
    Date,
    EntryNumber,
    Title,
    HeaderSeparator,
    Author,
    Venue,
    Year,
    HeaderExtra,
    SummaryKeyword,
    CommentKeyword,
    Text,
    Url,
    Reference,
    Image,
    Footnote,
}

/// <summary>A token of a block; <see cref="Start"/> is relative to the block's start.</summary>
public readonly record struct SyntaxToken(SyntaxKind Kind, int Start, int Length)
{
    public int End => Start + Length;

    public TextSpan Span => new(Start, Length);
}
