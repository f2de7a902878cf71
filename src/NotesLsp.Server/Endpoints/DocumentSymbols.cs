using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/documentSymbol</c> (hierarchical): the category containing one symbol per entry (name = title,
/// detail = date · venue). Positions come from a line cursor that steps through the document once.
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentSymbol[]?> DocumentSymbolAsync(DocumentSymbolParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document) || Ide.Outline.Of(session.Workspace, key, ct) is not { } outline)
        {
            return null;
        }

        var cursor = new LineIndex.Cursor(document, session.Convert.Encoder);
        var entries = new List<DocumentSymbol>(outline.Entries.Count);
        foreach (var entry in outline.Entries)
        {
            entries.Add(new DocumentSymbol
            {
                Name = entry.Name,
                Detail = entry.Detail,
                Kind = Lsp.SymbolKindStruct,
                Range = cursor.ToRange(entry.Span),
                SelectionRange = cursor.ToRange(entry.FocusSpan),
            });
        }

        return
        [
            new DocumentSymbol
            {
                Name = outline.Category,
                Detail = entries.Count == 1 ? "1 entry" : $"{entries.Count} entries",
                Kind = Lsp.SymbolKindNamespace,
                Range = session.Convert.Range(document, new Syntax.TextSpan(0, outline.Length)),
                SelectionRange = session.Convert.Range(document, outline.CategorySpan),
                Children = entries,
            },
        ];
    }
}
