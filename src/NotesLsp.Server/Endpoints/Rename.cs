using NotesLsp.Ide;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/prepareRename</c> and <c>textDocument/rename</c>: tags (every occurrence in every dump) and entry
/// numbers (every copy's header and every reference, together). A refusal is an error with the reason.
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/prepareRename", UseSingleObjectParameterDeserialization = true)]
    public async Task<PrepareRenameResult?> PrepareRenameAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document) || Ide.Rename.Prepare(session.Workspace, key, session.Convert.Offset(document, p.Position)) is not { } target)
        {
            return null;
        }

        return new PrepareRenameResult(session.Convert.Range(document, target.Span), target.Placeholder);
    }

    [JsonRpcMethod("textDocument/rename", UseSingleObjectParameterDeserialization = true)]
    public async Task<WorkspaceEdit?> RenameAsync(RenameParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var offset = session.Convert.Offset(document, p.Position);
        if (Ide.Rename.Prepare(session.Workspace, key, offset) is null)
        {
            throw new LocalRpcException("Only tags and entry numbers can be renamed: put the cursor on a #tag, an entry's #number or a ・number.") { ErrorCode = Lsp.RequestFailed };
        }

        try
        {
            return session.Convert.Edit(Ide.Rename.Apply(session.Workspace, key, offset, p.NewName, ct));
        }
        catch (FeatureRefusedException e)
        {
            throw new LocalRpcException(e.Message) { ErrorCode = Lsp.InvalidParams };
        }
    }
}
