using NotesLsp.Analysis;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/codeAction</c>: quick fixes for the diagnostics in the range that have an obvious fix — a near-miss
/// tag becomes the known tag (NL012), a date gets its zero padding (NL002) — and, for every glued entry in the range,
/// putting it on its own line: a quick fix of its NL014 diagnostic when that rule is on, a rewrite otherwise (real
/// dumps glue most entries, so NL014 is off by default). The diagnostics are recomputed rather than taken from the
/// request, so the edit matches the text.
/// </summary>
public static class CodeActionHandler
{
    public static CodeAction[] Actions(DocumentStore store, string key, NoteDocument document, Protocol.Range range, IReadOnlyList<string>? only)
    {
        var quickFixes = Wanted(only, Lsp.QuickFix);
        var rewrites = Wanted(only, Lsp.RefactorRewrite);
        if (!quickFixes && !rewrites)
        {
            return [];
        }

        var span = store.Encoder.ToSpan(document, range);
        var actions = new List<CodeAction>();
        var gluedDiagnostics = new Dictionary<int, NoteDiagnostic>();
        foreach (var d in store.Workspace.Diagnostics(key))
        {
            if (d.Span.End < span.Start || d.Span.Start > span.End)
            {
                continue;
            }

            if (d.Rule == Rules.GluedEntry)
            {
                gluedDiagnostics[d.Span.Start] = d;
            }
            else if (quickFixes && d.Fix is { } fix && (d.Rule == Rules.NearMissTag || d.Rule == Rules.MalformedDate))
            {
                var title = d.Rule == Rules.NearMissTag ? $"Replace with `{fix}`" : $"Write the date as {fix}";
                actions.Add(Action(store, key, document, title, Lsp.QuickFix, new TextChange(d.Span, fix), d));
            }
        }

        foreach (var entry in GluedEntriesIn(document, span))
        {
            var diagnostic = gluedDiagnostics.GetValueOrDefault(entry.Start);
            if (diagnostic is not null ? quickFixes : rewrites)
            {
                var kind = diagnostic is not null ? Lsp.QuickFix : Lsp.RefactorRewrite;
                actions.Add(Action(store, key, document, "Put the entry on its own line", kind, GluedEntries.Unglue(document, entry), diagnostic));
            }
        }

        return [.. actions];
    }

    private static bool Wanted(IReadOnlyList<string>? only, string kind) =>
        only is not { Count: > 0 } || only.Any(k => k == kind || kind.StartsWith(k + ".", StringComparison.Ordinal));

    /// <summary>Glued entries whose tag list (where the action applies) overlaps <paramref name="span"/>.</summary>
    private static IEnumerable<EntryAt> GluedEntriesIn(NoteDocument document, TextSpan span)
    {
        if (document.EntryAtOffset(span.Start) is not { } first)
        {
            first = document.EntryCount > 0 ? document.EntryByIndex(1) : default;
            if (first.Syntax is null)
            {
                yield break;
            }
        }

        for (var index = first.Index; index < document.BlockCount; index++)
        {
            var entry = document.EntryByIndex(index);
            if (entry.Start > span.End)
            {
                yield break;
            }

            var tags = entry.Absolute(new TextSpan(0, Math.Max(1, entry.Syntax.TagListSpan.End)));
            if (tags.End >= span.Start && document.IsGlued(entry))
            {
                yield return entry;
            }
        }
    }

    private static CodeAction Action(DocumentStore store, string key, NoteDocument document, string title, string kind, TextChange change, NoteDiagnostic? diagnostic) => new()
    {
        Title = title,
        Kind = kind,
        Diagnostics = diagnostic is null ? null : [store.ToLsp(document, diagnostic)],
        IsPreferred = diagnostic is not null ? true : null,
        Edit = store.Edit([(key, [new TextEdit(store.Encoder.ToRange(document, change.Span), change.NewText)])]),
    };
}
