using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/inlayHint</c>: after each <c>・NNNN</c> that resolves, the entry's title (shortened to the
/// <c>notesLsp.inlayHints.maxLength</c> setting; the tooltip has the header and date). Only the requested range is computed.
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/inlayHint", UseSingleObjectParameterDeserialization = true)]
    public async Task<InlayHint[]?> InlayHintAsync(InlayHintParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (!configuration.Settings.InlayHints || session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var hints = Ide.InlayHints.In(session.Workspace, key, session.Convert.Span(document, p.Range), configuration.Settings.InlayHintMaxLength);
        return [.. hints.Select(h => new InlayHint
        {
            Position = session.Convert.Position(document, h.Offset),
            Label = h.Label,
            Tooltip = new MarkupContent(Lsp.PlainText, h.Tooltip),
            PaddingLeft = true,
        })];
    }
}
