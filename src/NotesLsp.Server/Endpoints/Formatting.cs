using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/formatting</c>: every glued entry onto a line of its own; nothing else changes (the same edits as <c>notes-lsp format</c>).</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public async Task<TextEdit[]?> FormattingAsync(DocumentFormattingParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        return session.Find(p.TextDocument) is var (key, document) ? session.Convert.TextEdits(document, Ide.Formatting.Of(session.Workspace, key)) : null;
    }
}
