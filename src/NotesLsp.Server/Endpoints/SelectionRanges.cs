using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary><c>textDocument/selectionRange</c>: reference (or tag, number, date) → line → summary or comment → entry → document.</summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/selectionRange", UseSingleObjectParameterDeserialization = true)]
    public async Task<SelectionRange[]?> SelectionRangeAsync(SelectionRangeParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var result = new SelectionRange[p.Positions.Count];
        for (var i = 0; i < result.Length; i++)
        {
            SelectionRange? chain = null;
            var spans = Ide.SelectionRanges.At(session.Workspace, key, session.Convert.Offset(document, p.Positions[i]));
            for (var j = spans.Count - 1; j >= 0; j--)
            {
                chain = new SelectionRange(session.Convert.Range(document, spans[j]), chain);
            }

            var here = session.Convert.Range(document, new Syntax.TextSpan(session.Convert.Offset(document, p.Positions[i]), 0));
            result[i] = chain ?? new SelectionRange(here, null);
        }

        return result;
    }
}
