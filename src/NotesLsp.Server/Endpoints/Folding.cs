using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/foldingRange</c>: each entry spanning several lines, and each multi-line comment.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/foldingRange", UseSingleObjectParameterDeserialization = true)]
    public async Task<FoldingRange[]?> FoldingRangeAsync(FoldingRangeParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        return session.Find(p.TextDocument) is var (key, _)
            ? [.. Ide.Folding.Of(session.Workspace, key).Select(f => new FoldingRange(f.StartLine, f.EndLine, f.IsComment ? "comment" : null))]
            : null;
    }
}
