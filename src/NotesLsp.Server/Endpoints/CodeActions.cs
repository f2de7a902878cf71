using NotesLsp.Analysis;
using NotesLsp.Ide;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/codeAction</c>: the fixes the rules offer for the diagnostics in the range (safe and unsafe; a safe
/// fix that is the only one for its diagnostic is preferred), and a rewrite putting each glued entry on its own line
/// (see <see cref="Ide.CodeActions"/>). Diagnostics are recomputed rather than taken from the request, so the edits
/// match the text.
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeAction[]?> CodeActionAsync(CodeActionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var only = p.Context?.Only;
        var actions = Ide.CodeActions.In(session.Workspace, key, session.Convert.Span(document, p.Range), Wanted(only, Lsp.QuickFix), Wanted(only, Lsp.RefactorRewrite));
        return [.. actions.Select(a => new CodeAction
        {
            Title = a.Safety == FixSafety.Unsafe ? a.Title + " (unsafe)" : a.Title,
            Kind = a.Kind == ActionKind.QuickFix ? Lsp.QuickFix : Lsp.RefactorRewrite,
            Diagnostics = a.Diagnostic is { } d ? [session.Convert.Diagnostic(document, d)] : null,
            IsPreferred = a.IsPreferred ? true : null,
            Edit = session.Convert.Edit(a.Change),
        })];
    }

    private static bool Wanted(IReadOnlyList<string>? only, string kind) =>
        only is not { Count: > 0 } || only.Any(k => k == kind || kind.StartsWith(k + ".", StringComparison.Ordinal));
}
