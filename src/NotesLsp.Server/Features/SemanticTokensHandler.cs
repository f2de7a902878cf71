using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/semanticTokens/full</c> and <c>/range</c>: tags, dates, entry numbers, venues, references and
/// the entry keywords, straight from the parser's tokens.
/// </summary>
public static class SemanticTokensHandler
{
    public const int TypeTag = 0;
    public const int TypeDate = 1;
    public const int TypeNumber = 2;
    public const int TypeVenue = 3;
    public const int TypeReference = 4;
    public const int TypeKeyword = 5;

    public static readonly SemanticTokensLegend Legend = new(
        ["type", "number", "enumMember", "namespace", "variable", "keyword"],
        ["declaration"]);

    public static SemanticTokens Tokens(DocumentStore store, NoteDocument document, Protocol.Range? range)
    {
        var enc = store.Encoder;
        var span = range is null ? new TextSpan(0, document.Length) : enc.ToSpan(document, range);
        var (from, to) = (span.Start, span.End);
        if (range is null)
        {
            LineIndex.Prepare(document);
        }
        var data = new List<int>();
        var previousLine = 0;
        var previousChar = 0;

        var first = document.EntryAtOffset(from) is { } e ? e.Index : 1;
        for (var index = first; index < document.BlockCount; index++)
        {
            var entry = document.EntryByIndex(index);
            if (entry.Start >= to)
            {
                break;
            }

            foreach (var token in entry.Syntax.Tokens)
            {
                var type = token.Kind switch
                {
                    SyntaxKind.Tag => TypeTag,
                    SyntaxKind.Date => TypeDate,
                    SyntaxKind.EntryNumber => TypeNumber,
                    SyntaxKind.Venue => TypeVenue,
                    SyntaxKind.Reference => TypeReference,
                    SyntaxKind.IssueDateKeyword or SyntaxKind.SummaryKeyword or SyntaxKind.CommentKeyword => TypeKeyword,
                    _ => -1,
                };
                var start = entry.Start + token.Start;
                if (type < 0 || token.Length == 0 || start + token.Length <= from || start >= to)
                {
                    continue;
                }

                var text = entry.Syntax.Text.Span.Slice(token.Start, token.Length);
                if (text.ContainsAny('\n', '\r'))
                {
                    continue;
                }

                var position = enc.ToPosition(document, start);
                var length = enc.CountUnits(text);
                data.Add(position.Line - previousLine);
                data.Add(position.Line == previousLine ? position.Character - previousChar : position.Character);
                data.Add(length);
                data.Add(type);
                data.Add(type == TypeNumber ? 1 : 0);
                previousLine = position.Line;
                previousChar = position.Character;
            }
        }

        return new SemanticTokens(data);
    }
}
