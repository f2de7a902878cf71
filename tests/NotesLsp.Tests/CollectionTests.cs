using NotesLsp.Analysis;
using NotesLsp.Ide;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// Real collections (one dump per tag, copies of each entry, tagless entries, drifted copies) built from the real
/// corpus entries: a valid collection raises nothing, and copies are one entry everywhere.
/// </summary>
public class CollectionTests
{
    private static readonly RealCollection Collection = RealCollection.FromDumps(TestData.CorpusFiles);

    private static Workspace Load(IReadOnlyDictionary<string, string> dumps)
    {
        var workspace = new Workspace();
        foreach (var (name, text) in dumps)
        {
            workspace.Set(name, NoteDocument.Parse(text));
        }

        return workspace;
    }

    private static Dictionary<string, string> Dumps() => new(Collection.Dumps, StringComparer.Ordinal);

    private static string Apply(string text, TextChange change) =>
        string.Concat(text.AsSpan(0, change.Span.Start), change.NewText, text.AsSpan(change.Span.End));

    /// <summary>Two dumps holding copies of one entry, with the copies' header offsets.</summary>
    private static (int Number, string First, string Second) SharedEntry()
    {
        var shared = Collection.Copies.GroupBy(c => c.Number).First(g => g.Count() >= 3 && g.All(c => c.Tags.Count > 0));
        return (shared.Key, shared.ElementAt(0).Dump, shared.ElementAt(1).Dump);
    }

    private static EntryAt CopyIn(Workspace workspace, string dump, int number) =>
        workspace.Get(dump)!.Entries().Single(e => e.Syntax.Number == number);

    [Fact]
    public void The_collection_has_the_real_shape()
    {
        Assert.True(Collection.Dumps.Count >= 50, $"{Collection.Dumps.Count} dumps");
        Assert.True(Collection.Copies.Count >= 3 * Collection.Copies.Select(c => c.Number).Distinct().Count(), "about three copies per entry or more");
        Assert.Contains(Collection.Copies, c => c.Tags.Count == 0);
    }

    [Fact]
    public void Every_copy_is_read_with_its_number_and_tags_and_tagless_copies_are_found_mid_line()
    {
        foreach (var (dump, text) in Collection.Dumps)
        {
            var document = NoteDocument.Parse(text);
            var expected = Collection.Copies.Where(c => c.Dump == dump).ToList();
            Assert.Equal(expected.Select(c => c.Number), document.Entries().Select(e => e.Syntax.Number ?? -1));
            Assert.Equal(expected.Select(c => string.Join(" ", c.Tags)), document.Entries().Select(e => string.Join(" ", e.Syntax.Tags.Select(t => t.Name))));
            foreach (var entry in document.Entries().Skip(1).Where(e => e.Syntax.Tags.Count == 0))
            {
                Assert.True(document.IsGlued(entry), $"{dump}: tagless #{entry.Syntax.Number} is on a line of its own");
            }
        }
    }

    [Fact]
    public void A_valid_collection_raises_no_error_no_warning_and_no_drift()
    {
        var workspace = Load(Collection.Dumps);
        var raised = Collection.Dumps.Keys
            .SelectMany(d => workspace.Diagnostics(d).Where(x => x.Severity is Severity.Error or Severity.Warning || x.Rule == Rules.DriftedCopy).Select(x => $"{d}: {x.Code} {x.Message}"))
            .ToList();
        Assert.True(raised.Count == 0, string.Join("\n", raised.Take(20)));
        Assert.DoesNotContain(Collection.Dumps.Keys.SelectMany(workspace.Diagnostics), x => x.Rule == Rules.MissingTags && x.Severity != Severity.Hint && x.Severity != Severity.Off);
    }

    [Fact]
    public void Workspace_symbols_list_each_entry_once_and_name_the_other_dumps()
    {
        var workspace = Load(Collection.Dumps);
        foreach (var group in Collection.Copies.GroupBy(c => c.Number).Where(g => g.Count() > 1).Take(25))
        {
            var title = CopyIn(workspace, group.First().Dump, group.Key).Syntax.Title;
            var matches = WorkspaceSymbols.Search(workspace, title, activeDocument: group.Last().Dump).Where(m => m.Name.Contains(title, StringComparison.Ordinal)).ToList();
            var match = Assert.Single(matches);
            Assert.Equal(group.Last().Dump, match.Document);
            Assert.Contains($"{group.Count() - 1} other dump", match.Container, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_short_query_answers_the_best_matches_only_prefixes_then_substrings_then_in_order()
    {
        // The corpus titles, each kept by 600 entries spread over three dumps: more matches than the cap.
        var corpus = Load(Collection.Dumps);
        var titles = Collection.Copies.Select(c => CopyIn(corpus, c.Dump, c.Number).Syntax.Title.Trim()).Distinct().ToList();
        var dumps = new Dictionary<string, string>();
        for (var d = 0; d < 3; d++)
        {
            dumps[$"big{d}.notes"] = "Big\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"#Tag\nIssue Date: 2025-01-01 #{(d * 200) + i + 1} {titles[((d * 200) + i) % titles.Count]}, A. Author+, arXiv'25 SummaryS\n"));
        }

        var workspace = Load(dumps);
        Assert.Equal(600, workspace.Numbers.Count());
        var matches = WorkspaceSymbols.Search(workspace, "e", activeDocument: null);
        Assert.Equal(WorkspaceSymbols.MaxResults, matches.Count);
        Assert.Equal(matches.Count, matches.Select(m => (m.Document, m.Span)).Distinct().Count());
        var scores = matches.Select(m => WorkspaceSymbols.Score(CopyAt(workspace, m).Syntax.Title, "e")).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0, 2));
        Assert.Equal(scores.Order(), scores);
        Assert.Contains(1, scores);

        // The cap keeps the best: no title left out matches better than the last one answered.
        var answered = matches.Select(m => CopyAt(workspace, m).Syntax.Number).ToHashSet();
        var best = workspace.Numbers.Where(n => !answered.Contains(n)).Select(n => workspace.CopiesOf(n).Min(c => WorkspaceSymbols.Score(c.Title, "e") is var s && s >= 0 ? s : 3));
        Assert.All(best, s => Assert.True(s >= scores[^1], $"a left-out entry scores {s}, better than the last answered ({scores[^1]})"));
    }

    private static EntryAt CopyAt(Workspace workspace, SymbolMatch match) =>
        workspace.Get(match.Document)!.Entries().Single(e => e.Span.Contains(match.Span.Start));

    [Fact]
    public void Definition_goes_to_the_copy_in_the_same_dump_else_to_every_copy_and_hover_counts_the_dumps()
    {
        var (number, first, second) = SharedEntry();
        var dumps = Dumps();
        var copies = Collection.Copies.Count(c => c.Number == number);
        var outside = Collection.Dumps.Keys.First(d => Collection.Copies.All(c => c.Dump != d || c.Number != number));
        dumps[first] += $"Comment参照:\n・{number}\n";
        dumps[outside] += $"Comment参照:\n・{number}\n";
        var workspace = Load(dumps);

        var here = dumps[first].LastIndexOf('・');
        var target = Assert.Single(Navigation.Definition(workspace, first, here + 1));
        Assert.Equal(first, target.Document);
        Assert.Equal(CopyIn(workspace, first, number).Start, LineStart(workspace.Get(first)!, target.Span.Start));

        var elsewhere = dumps[outside].LastIndexOf('・');
        var targets = Navigation.Definition(workspace, outside, elsewhere + 1);
        Assert.Equal(copies, targets.Count);
        Assert.Equal(Collection.Copies.Where(c => c.Number == number).Select(c => c.Dump).Order(), targets.Select(t => t.Document).Order());

        var hover = HoverInfo.At(workspace, outside, elsewhere + 1);
        Assert.NotNull(hover);
        Assert.Contains($"{copies} dumps", hover.Value.Markdown, StringComparison.Ordinal);
        _ = second;
    }

    private static int LineStart(NoteDocument document, int offset) =>
        document.Entries().Last(e => e.Start <= offset).Start;

    [Fact]
    public void A_drifted_copy_is_one_entry_with_an_information_that_names_the_other_dump_and_fixes_that_reconcile()
    {
        var (number, first, second) = SharedEntry();
        var dumps = Dumps();
        var original = NoteDocument.Parse(dumps[second]).Entries().Single(e => e.Syntax.Number == number).Syntax;
        // The dump regenerated later: the title gained a "[Paper Note] " prefix and the comment grew.
        var drifted = dumps[second].Replace(original.Header, "[Paper Note] " + original.Header, StringComparison.Ordinal);
        var entryEnd = NoteDocument.Parse(drifted).Entries().Single(e => e.Syntax.Number == number).Span.End;
        drifted = drifted.Insert(entryEnd - 1, "\n・追記:後続研究あり");
        dumps[second] = drifted;
        var workspace = Load(dumps);

        Assert.DoesNotContain(dumps.Keys.SelectMany(workspace.Diagnostics), d => d.Rule == Rules.DuplicateNumber);
        var drift = Assert.Single(workspace.Diagnostics(second), d => d.Rule == Rules.DriftedCopy);
        Assert.Equal(Severity.Information, drift.Severity);
        Assert.Equal("#" + number, drifted.Substring(drift.Span.Start, drift.Span.Length));
        Assert.Contains("the header there is \"" + original.Header[..Math.Min(20, original.Header.Length)], drift.Message, StringComparison.Ordinal);
        Assert.Contains("comment there is", drift.Message, StringComparison.Ordinal);
        Assert.Single(workspace.Diagnostics(first), d => d.Rule == Rules.DriftedCopy && d.Message.Contains(second, StringComparison.Ordinal));

        // Searching for the drifted title finds the entry once, as the copy that reads so, wherever the search starts.
        foreach (var active in new[] { first, second, null })
        {
            var found = Assert.Single(WorkspaceSymbols.Search(workspace, "[Paper Note] " + original.Title.Trim(), active), m => m.Name.StartsWith("[Paper Note] ", StringComparison.Ordinal));
            Assert.Equal(second, found.Document);
        }

        var fixes = Rules.DriftedCopy.FixesFor(drift, new FixContext(workspace, second, workspace.Get(second)!)).ToList();
        Assert.All(fixes, f => Assert.Equal(FixSafety.Unsafe, f.Safety));

        // Make this copy equal to the others: the drift is gone everywhere and only this entry changed.
        var takeOther = fixes.First(f => f.Title.StartsWith("Make this copy", StringComparison.Ordinal));
        var healed = Apply(drifted, Assert.Single(takeOther.Edits).Change);
        Assert.Equal(Collection.Dumps[second], healed);

        // Make every copy equal to this one: every other copy gets the drifted text, tag lists untouched.
        var giveThis = fixes.Single(f => f.Title.StartsWith("Make every copy", StringComparison.Ordinal));
        Assert.Equal(Collection.Copies.Count(c => c.Number == number) - 1, giveThis.Edits.Count);
        foreach (var edit in giveThis.Edits)
        {
            dumps[edit.Document!] = Apply(dumps[edit.Document!], edit.Change);
        }

        var reconciled = Load(dumps);
        Assert.DoesNotContain(dumps.Keys.SelectMany(reconciled.Diagnostics), d => d.Rule == Rules.DriftedCopy);
        foreach (var copy in Collection.Copies.Where(c => c.Number == number))
        {
            var entry = CopyIn(reconciled, copy.Dump, number).Syntax;
            Assert.StartsWith("[Paper Note] ", entry.Header, StringComparison.Ordinal);
            Assert.Equal(copy.Tags, entry.Tags.Select(t => t.Name));
        }
    }

    [Fact]
    public void The_same_number_on_entries_with_different_dates_stays_an_error_in_a_collection()
    {
        var (number, _, second) = SharedEntry();
        var dumps = Dumps();
        var copy = NoteDocument.Parse(dumps[second]).Entries().Single(e => e.Syntax.Number == number);
        var date = copy.Absolute(copy.Syntax.DateSpan!.Value);
        var mistyped = dumps[second].Remove(date.Start, date.Length).Insert(date.Start, "1999-01-01");
        dumps[second] = mistyped;
        var workspace = Load(dumps);

        var error = Assert.Single(workspace.Diagnostics(second), d => d.Rule == Rules.DuplicateNumber);
        Assert.Equal(Severity.Error, error.Severity);
        Assert.DoesNotContain(workspace.Diagnostics(second), d => d.Rule == Rules.DriftedCopy);
    }
}
