using NotesLsp.Analysis;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/codeAction</c>: quick fixes for the diagnostics in the range that have an obvious fix — a glued
/// entry goes on its own line (NL014), a near-miss tag becomes the known tag (NL012), a date gets its zero padding
/// (NL002). The diagnostics are recomputed rather than taken from the request, so the edit matches the text.
/// </summary>
public static class CodeActionHandler
{
    public static CodeAction[] Actions(DocumentStore store, string key, NoteDocument document, Protocol.Range range, IReadOnlyList<string>? only)
    {
        if (only is { Count: > 0 } && !only.Any(k => k == Lsp.QuickFix || Lsp.QuickFix.StartsWith(k + ".", StringComparison.Ordinal)))
        {
            return [];
        }

        var span = store.Encoder.ToSpan(document, range);
        var actions = new List<CodeAction>();
        foreach (var d in store.Workspace.Diagnostics(key))
        {
            if (d.Span.End < span.Start || d.Span.Start > span.End)
            {
                continue;
            }

            TextChange? change = null;
            string? title = null;
            if (d.Rule == Rules.GluedEntry && document.EntryAtOffset(d.Span.Start) is { } entry && entry.Start == d.Span.Start)
            {
                change = GluedEntries.Unglue(document, entry);
                title = "Put the entry on its own line";
            }
            else if (d.Fix is { } fix && (d.Rule == Rules.NearMissTag || d.Rule == Rules.MalformedDate))
            {
                change = new TextChange(d.Span, fix);
                title = d.Rule == Rules.NearMissTag ? $"Replace with `{fix}`" : $"Write the date as {fix}";
            }

            if (change is { } c)
            {
                var edit = new TextEdit(store.Encoder.ToRange(document, c.Span), c.NewText);
                actions.Add(new CodeAction
                {
                    Title = title!,
                    Kind = Lsp.QuickFix,
                    Diagnostics = [store.ToLsp(document, d)],
                    IsPreferred = true,
                    Edit = store.Edit([(key, [edit])]),
                });
            }
        }

        return [.. actions];
    }
}
