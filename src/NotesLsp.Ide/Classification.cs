using NotesLsp.Syntax;

namespace NotesLsp.Ide;

public enum TokenClass
{
    Tag,
    Date,
    EntryNumber,
    Venue,
    Reference,
    Keyword,
}

/// <summary>A classified token: where it is, what it is, and its text (a slice of the parsed text, not a copy).</summary>
public readonly record struct ClassifiedSpan(TextSpan Span, TokenClass Class, ReadOnlyMemory<char> Text);

/// <summary>Semantic classification straight from the parser's tokens: tags, dates, numbers, venues, references, keywords.</summary>
public static class Classification
{
    /// <summary>The classified tokens overlapping <paramref name="span"/>, in document order.</summary>
    public static IEnumerable<ClassifiedSpan> Of(NoteDocument document, TextSpan span)
    {
        foreach (var entry in document.EntriesFrom(span.Start))
        {
            if (entry.Start >= span.End)
            {
                yield break;
            }

            foreach (var token in entry.Syntax.Tokens)
            {
                TokenClass? cls = token.Kind switch
                {
                    SyntaxKind.Tag => TokenClass.Tag,
                    SyntaxKind.Date => TokenClass.Date,
                    SyntaxKind.EntryNumber => TokenClass.EntryNumber,
                    SyntaxKind.Venue => TokenClass.Venue,
                    SyntaxKind.Reference => TokenClass.Reference,
                    SyntaxKind.IssueDateKeyword or SyntaxKind.SummaryKeyword or SyntaxKind.CommentKeyword => TokenClass.Keyword,
                    _ => null,
                };
                var start = entry.Start + token.Start;
                if (cls is { } c && token.Length > 0 && start + token.Length > span.Start && start < span.End)
                {
                    yield return new ClassifiedSpan(new TextSpan(start, token.Length), c, entry.Syntax.Text.Slice(token.Start, token.Length));
                }
            }
        }
    }
}
