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
        var locations = session.Convert.Locations([.. matches.Select(m => new Ide.NavigationTarget(m.Document, m.Span))]);
        var symbols = new SymbolInformation[matches.Count];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = new SymbolInformation(matches[i].Name, Lsp.SymbolKindStruct, locations[i], matches[i].Container);
        }

        return symbols;
    }
}
