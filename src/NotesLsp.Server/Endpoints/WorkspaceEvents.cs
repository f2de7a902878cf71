using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>workspace/didChangeWatchedFiles</c>, <c>didChangeConfiguration</c>, <c>didChangeWorkspaceFolders</c>.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("workspace/didChangeWatchedFiles", UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            indexer.DidChangeWatchedFiles(p, configuration);
        }
    }

    [JsonRpcMethod("workspace/didChangeConfiguration", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeConfigurationAsync(DidChangeConfigurationParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            // New inlay hint or code lens settings: the client asks again for what it shows (when it can be asked).
            if (await configuration.DidChangeAsync(p).ConfigureAwait(true))
            {
                RefreshViews();
            }
        }
    }

    [JsonRpcMethod("workspace/didChangeWorkspaceFolders", UseSingleObjectParameterDeserialization = true)]
    public async Task DidChangeWorkspaceFoldersAsync(DidChangeWorkspaceFoldersParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            await indexer.DidChangeWorkspaceFoldersAsync(p).ConfigureAwait(true);
        }
    }
}
