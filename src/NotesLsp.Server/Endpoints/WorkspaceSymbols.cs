using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>workspace/symbol</c>: each entry once, however many dumps keep it (see <see cref="Ide.WorkspaceSymbols"/>).</summary>
internal sealed partial class LspEndpoints
{
    /// <summary>The dump the user last worked in: its copy of an entry stands for the entry in results.</summary>
    private string? activeDocument;

    [JsonRpcMethod("workspace/symbol", UseSingleObjectParameterDeserialization = true)]
    public async Task<SymbolInformation[]> WorkspaceSymbolAsync(WorkspaceSymbolParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        var matches = Ide.WorkspaceSymbols.Search(session.Workspace, p.Query ?? string.Empty, activeDocument, ct);
        return [.. matches.Select(m => new SymbolInformation(m.Name, Lsp.SymbolKindStruct, session.Convert.Location(m.Document, m.Span), m.Container))];
    }
}
