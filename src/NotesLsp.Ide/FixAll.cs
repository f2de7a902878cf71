using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>The outcome of fixing one document: its new text and how many fixes of each rule went in.</summary>
public sealed record FixedDocument(string Text, IReadOnlyDictionary<string, int> Applied)
{
    public int Count => Applied.Values.Sum();
}

/// <summary>
/// Applies every fix of a document's diagnostics that can go in unattended, as <c>check --fix</c> does: safe fixes (and
/// unsafe ones when asked), only those a rule offers one way (a drifted copy offers several, so a person chooses),
/// only within the document, never two that overlap. Repeats until nothing more applies, since one fix can make room
/// for another.
/// </summary>
public static class FixAll
{
    private const int MaxRounds = 10;

    public static FixedDocument Apply(Workspace workspace, string key, bool includeUnsafe)
    {
        var applied = new Dictionary<string, int>(StringComparer.Ordinal);
        var text = workspace.Get(key)?.GetText() ?? string.Empty;
        for (var round = 0; round < MaxRounds && workspace.Get(key) is { } document; round++)
        {
            var context = new FixContext(workspace, key, document);
            var chosen = new List<(Rule Rule, TextChange Change)>();
            foreach (var d in workspace.Diagnostics(key))
            {
                var fixes = d.Rule.FixesFor(d, context).ToList();
                if (fixes is not [{ } fix] || (fix.Safety == FixSafety.Unsafe && !includeUnsafe) || fix.Edits.Any(e => e.Document is not null && e.Document != key))
                {
                    continue;
                }

                var changes = fix.Edits.Select(e => e.Change).ToList();
                if (changes.All(c => chosen.All(o => !Overlaps(o.Change.Span, c.Span))))
                {
                    chosen.AddRange(changes.Select(c => (d.Rule, c)));
                }
            }

            if (chosen.Count == 0)
            {
                break;
            }

            foreach (var rule in chosen.Select(c => c.Rule.Code))
            {
                applied[rule] = applied.GetValueOrDefault(rule) + 1;
            }

            text = SourceChange.Apply(text, [.. chosen.Select(c => c.Change)]);
            workspace.Set(key, NoteDocument.Parse(text));
        }

        return new FixedDocument(text, applied);
    }

    /// <summary>Spans that share a character, or two insertions at one place.</summary>
    private static bool Overlaps(TextSpan a, TextSpan b) =>
        a.Start < b.End && b.Start < a.End || (a.Start == b.Start && (a.Length == 0 || b.Length == 0));
}
