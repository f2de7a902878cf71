using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/documentLink</c>: the URLs in summaries and comments.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/documentLink", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentLink[]?> DocumentLinkAsync(DocumentLinkParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        LineIndex.Prepare(document);
        return [.. Ide.Links.Of(session.Workspace, key).Select(l => new DocumentLink(session.Convert.Range(document, l.Span), l.Target, null))];
    }
}
