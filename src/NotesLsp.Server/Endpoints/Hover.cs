using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/hover</c>: see <see cref="Ide.HoverInfo"/>.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public async Task<Hover?> HoverAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document)
            || Ide.HoverInfo.At(session.Workspace, key, session.Convert.Offset(document, p.Position)) is not { } hover)
        {
            return null;
        }

        return new Hover(new MarkupContent(Lsp.Markdown, hover.Markdown), session.Convert.Range(document, hover.Span));
    }
}
