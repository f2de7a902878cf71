using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

public enum ActionKind
{
    QuickFix,
    Rewrite,
}

/// <summary>An action the editor offers: the fix of a diagnostic (quick fix) or a rewrite, with the edits it makes.</summary>
public sealed record CodeActionItem(string Title, ActionKind Kind, NoteDiagnostic? Diagnostic, SourceChange Change, FixSafety Safety, bool IsPreferred);

/// <summary>
/// Code actions: the fixes the rules offer for the diagnostics in a range (recomputed, so edits match the text), and,
/// for every glued entry in the range, putting it on its own line: the quick fix of its NL014 diagnostic when that
/// rule is on, a rewrite otherwise (real dumps glue most entries, so NL014 is off by default).
/// </summary>
public static class CodeActions
{
    public static IReadOnlyList<CodeActionItem> In(Workspace workspace, string key, TextSpan span, bool quickFixes = true, bool rewrites = true)
    {
        if (workspace.Get(key) is not { } document || (!quickFixes && !rewrites))
        {
            return [];
        }

        var context = new FixContext(workspace, key, document);
        var actions = new List<CodeActionItem>();
        var gluedDiagnostics = new HashSet<int>();
        foreach (var placed in workspace.PlacedDiagnostics(key))
        {
            if (placed.Span.End < span.Start || placed.Span.Start > span.End)
            {
                continue;
            }

            var d = placed.Absolute;
            if (d.Rule == Rules.GluedEntry)
            {
                gluedDiagnostics.Add(d.Span.Start);
            }

            if (!quickFixes)
            {
                continue;
            }

            var fixes = d.Rule.FixesFor(d, context).ToList();
            foreach (var fix in fixes)
            {
                actions.Add(new CodeActionItem(fix.Title, ActionKind.QuickFix, d, ChangeOf(key, fix), fix.Safety, fix.Safety == FixSafety.Safe && fixes.Count == 1));
            }
        }

        if (rewrites)
        {
            foreach (var entry in GluedEntriesIn(document, span))
            {
                if (!gluedDiagnostics.Contains(entry.Start))
                {
                    actions.Add(new CodeActionItem(GluedEntries.Title, ActionKind.Rewrite, null, SourceChange.Of([(key, GluedEntries.Unglue(document, entry))]), FixSafety.Safe, false));
                }
            }
        }

        return actions;
    }

    /// <summary>A fix's edits keyed by document (its own edits under <paramref name="key"/>).</summary>
    public static SourceChange ChangeOf(string key, Fix fix) => SourceChange.Of(fix.Edits.Select(e => (e.Document ?? key, e.Change)));

    /// <summary>Glued entries whose start (where the action applies) overlaps <paramref name="span"/>.</summary>
    private static IEnumerable<EntryAt> GluedEntriesIn(NoteDocument document, TextSpan span)
    {
        foreach (var entry in document.EntriesFrom(span.Start))
        {
            if (entry.Start > span.End)
            {
                yield break;
            }

            var end = entry.Syntax.Tags.Count > 0 ? entry.Syntax.TagListSpan.End : entry.Syntax.IssueDateKeywordSpan.End;
            var head = entry.Absolute(new TextSpan(0, Math.Max(1, end)));
            if (head.End >= span.Start && document.IsGlued(entry))
            {
                yield return entry;
            }
        }
    }
}
