using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/didOpen</c>, <c>didChange</c>, <c>didClose</c>, <c>didSave</c>: see <see cref="DocumentSync"/>.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public void DidOpen(DidOpenTextDocumentParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            sync.Open(p.TextDocument);
            activeDocument = session.Convert.KeyOf(p.TextDocument.Uri);
        }
    }

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public void DidChange(DidChangeTextDocumentParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            sync.Change(p);
            activeDocument = session.Convert.KeyOf(p.TextDocument.Uri);
        }
    }

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public void DidClose(DidCloseTextDocumentParams p)
    {
        if (session.Phase == ServerPhase.Initialized)
        {
            sync.Close(p.TextDocument);
        }
    }

    [JsonRpcMethod("textDocument/didSave", UseSingleObjectParameterDeserialization = true)]
    public void DidSave(DidSaveTextDocumentParams p) => _ = p;
}
