using NotesLsp.Ide;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/definition</c>, <c>textDocument/references</c> and <c>textDocument/documentHighlight</c>, copies of an
/// entry being one entry (see <see cref="Ide.Navigation"/>).
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public async Task<Location[]?> DefinitionAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var offset = session.Convert.Offset(document, p.Position);
        var targets = Ide.Navigation.Definition(session.Workspace, key, offset);

        // On a reference to an entry that no dump has (yet): an empty answer, not "nothing here".
        return targets.Count > 0 || Lookup.At(session.Workspace, document, offset).Reference is not null ? session.Convert.Locations(targets) : null;
    }

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public async Task<Location[]?> ReferencesAsync(ReferenceParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var offset = session.Convert.Offset(document, p.Position);
        var at = Lookup.At(session.Workspace, document, offset);
        if (at.Tag is null && at.Number is null)
        {
            return null;
        }

        return session.Convert.Locations(Ide.Navigation.References(session.Workspace, key, offset, p.Context?.IncludeDeclaration ?? false, ct));
    }

    [JsonRpcMethod("textDocument/documentHighlight", UseSingleObjectParameterDeserialization = true)]
    public async Task<DocumentHighlight[]?> DocumentHighlightAsync(TextDocumentPositionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var highlights = Ide.Navigation.Highlights(session.Workspace, key, session.Convert.Offset(document, p.Position));
        return highlights.Count == 0 ? null :
            [.. highlights.Select(h => new DocumentHighlight(session.Convert.Range(document, h.Span), h.Kind == HighlightKind.Definition ? Lsp.HighlightWrite : Lsp.HighlightRead))];
    }
}
