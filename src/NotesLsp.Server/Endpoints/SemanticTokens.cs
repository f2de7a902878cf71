using NotesLsp.Ide;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/semanticTokens/full</c> and <c>/range</c>: tags, dates, entry numbers, venues, references and the
/// entry keywords (see <see cref="Classification"/>), encoded relative to each other as LSP wants.
/// </summary>
internal sealed partial class LspEndpoints
{
    /// <summary>Token types in the order the encoded types index them: tag, date, entry number, venue, reference, keyword.</summary>
    public static readonly SemanticTokensLegend SemanticTokensLegend = new(
        ["type", "number", "enumMember", "namespace", "variable", "keyword"],
        ["declaration"]);

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public async Task<SemanticTokens?> SemanticTokensFullAsync(SemanticTokensParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        return session.Find(p.TextDocument) is var (_, document) ? Tokens(document, null) : null;
    }

    [JsonRpcMethod("textDocument/semanticTokens/range", UseSingleObjectParameterDeserialization = true)]
    public async Task<SemanticTokens?> SemanticTokensRangeAsync(SemanticTokensRangeParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        return session.Find(p.TextDocument) is var (_, document) ? Tokens(document, p.Range) : null;
    }

    private SemanticTokens Tokens(NoteDocument document, Range? range)
    {
        var span = range is null ? new TextSpan(0, document.Length) : session.Convert.Span(document, range);
        if (range is null)
        {
            LineIndex.Prepare(document);
        }

        var encoder = session.Convert.Encoder;
        var data = new List<int>();
        var previousLine = 0;
        var previousChar = 0;
        foreach (var token in Classification.Of(document, span))
        {
            var text = token.Text.Span;
            if (text.ContainsAny('\n', '\r'))
            {
                // LSP tokens stay on one line unless the client says otherwise.
                continue;
            }

            var type = token.Class switch
            {
                TokenClass.Tag => 0,
                TokenClass.Date => 1,
                TokenClass.EntryNumber => 2,
                TokenClass.Venue => 3,
                TokenClass.Reference => 4,
                _ => 5,
            };
            var position = encoder.ToPosition(document, token.Span.Start);
            data.Add(position.Line - previousLine);
            data.Add(position.Line == previousLine ? position.Character - previousChar : position.Character);
            data.Add(encoder.CountUnits(text));
            data.Add(type);
            data.Add(token.Class == TokenClass.EntryNumber ? 1 : 0);
            previousLine = position.Line;
            previousChar = position.Character;
        }

        return new SemanticTokens(data);
    }
}
