using CsCheck;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

public class IncrementalParsingTests
{
    private static readonly string[] Snippets =
    [
        "#", " #", "#NLP ", " #LanguageModle", "#Supervised-FineTuning (SFT) ", "Issue Date:", "Issue Date: ", " Issue Date: 2025-08-26 ",
        "Issue Date: 2025-02-30 #1234 ", "\nIssue Date: 2025-8-6 Title, A+, ACL'24 Summaryx", "#12a ", "・", "・2140", "\n・643\n", "・8個",
        "Summary", " Summary", "Comment", " Comment", "\n", "\r\n", "\r", " ", "\t", "日本語の文章。", "😀", "🧠 ", "\uD83D", "\uDE00",
        "https://x.com/a?b#c", "image", "[^1]: ", ", ", "Title, Author+, ICLR'25, 2025.05", "N_A", "\n\n",
        " Issue Date: 2026-04-17 #5301 [Paper Note] T, A. Author+, arXiv'24 Summaryx", "\u3000Issue Date: 2026-4-7 ", "Issue Date: 2026-04-1",
        "2026-04-17 ", "-1", "\u3000", "\n・612Self-Refineとの違い", "・612", "・2-stepは", "・418の", "回答", "1.5倍",
    ];

    private static Gen<string> InsertText(string source) => Gen.OneOf(
        Gen.OneOfConst(Snippets),
        Gen.String[Gen.Char["# \n・0123456789IssueDate:SC日😀\r"], 0, 12],
        Gen.Int[0, Math.Max(0, source.Length - 1)].SelectMany(start => Gen.Int[0, 400].Select(len => source.Substring(start, Math.Min(len, source.Length - start)))));

    internal static Gen<(int Position, int DeleteFraction, string Insert)> Edit(string source) =>
        Gen.Select(Gen.Int[0, 1000], Gen.Frequency((6, Gen.Int[0, 3]), (3, Gen.Int[0, 60]), (1, Gen.Int[0, 3000])), InsertText(source), Gen.Int[0, 3])
           .Select((p, d, ins, mode) => (p, d, mode switch { 0 => string.Empty, _ => ins }));

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string> { TestData.SeedFile };
        foreach (var f in TestData.CorpusFiles)
        {
            data.Add(f);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Random_edits_keep_incremental_equal_to_full_parse(string path) =>
        CheckRandomEdits(TestData.Read(path), TestData.Read(TestData.SeedFile == path ? Path.Combine(TestData.CorpusDir, "KnowledgeEditing.notes") : TestData.SeedFile), iterations: 120);

    /// <summary>The corpus with every entry tagless and glued mid-line to the previous one (see <see cref="TaglessEntries"/>).</summary>
    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void Random_edits_on_tagless_glued_entries_keep_incremental_equal_to_full_parse(string name) =>
        CheckRandomEdits(TaglessEntries.AllGlued(Path.Combine(TestData.CorpusDir, name)), TestData.Read(TestData.SeedFile), iterations: 60);

    private static void CheckRandomEdits(string source, string other, int iterations)
    {
        Edit(source).Array[1, 25].Sample(edits =>
        {
            var text = source;
            var doc = NoteDocument.Parse(text);
            var live = new NotesLsp.Analysis.Workspace();
            live.Set("other", NoteDocument.Parse(other));
            live.Set("doc", doc);
            foreach (var (position, deleteLength, insert) in edits)
            {
                var start = (int)((long)position * text.Length / 1000);
                var length = Math.Min(deleteLength, text.Length - start);
                var change = new TextChange(new TextSpan(start, length), insert);
                text = string.Concat(text.AsSpan(0, start), insert, text.AsSpan(start + length));
                doc = doc.WithChange(change);
                SyntaxDump.AssertLossless(doc, text);
                var full = NoteDocument.Parse(text);
                Assert.Equal(SyntaxDump.Of(full), SyntaxDump.Of(doc));
                Assert.Equal(DiagnosticsOf(full), DiagnosticsOf(doc));

                // The workspace updated edit by edit (facts applied as deltas) equals one built from scratch.
                live.Set("doc", doc);
                var fresh = new NotesLsp.Analysis.Workspace();
                fresh.Set("other", NoteDocument.Parse(other));
                fresh.Set("doc", full);
                Assert.Equal(Render(fresh, "doc") + Render(fresh, "other"), Render(live, "doc") + Render(live, "other"));
                Assert.Equal(fresh.TagCounts.OrderBy(t => t.Key, StringComparer.Ordinal), live.TagCounts.OrderBy(t => t.Key, StringComparer.Ordinal));
            }
        }, iter: iterations, seed: null);
    }

    private static string DiagnosticsOf(NoteDocument doc)
    {
        var workspace = new NotesLsp.Analysis.Workspace();
        workspace.Set("doc", doc);
        return Render(workspace, "doc");
    }

    private static string Render(NotesLsp.Analysis.Workspace workspace, string key) =>
        string.Join("\n", workspace.Diagnostics(key).Select(d => $"{d.Code} {d.Severity} {d.Span} {d.Message} {d.Fix}")) + "\n";

    [Fact]
    public void An_edit_inside_one_entry_reparses_only_its_neighbourhood()
    {
        var text = TestData.Read(Path.Combine(TestData.CorpusDir, "memory.notes"));
        var doc = NoteDocument.Parse(text);
        var middle = doc.Entries().ElementAt(doc.EntryCount / 2);
        var at = middle.Start + middle.Syntax.HeaderSpan.Start + 3;
        var edited = doc.WithChange(new TextChange(new TextSpan(at, 0), "x"));

        Assert.True(edited.ReparsedBlocks <= 8, $"re-parsed {edited.ReparsedBlocks} blocks");
        var before = doc.Blocks().ToList();
        var after = edited.Blocks().ToList();
        Assert.Equal(before.Count, after.Count);
        var reused = before.Zip(after).Count(p => ReferenceEquals(p.First, p.Second));
        Assert.True(reused >= before.Count - 8, $"reused {reused} of {before.Count}");
    }

    [Fact]
    public void An_edit_in_a_dump_of_tagless_glued_entries_reparses_only_its_neighbourhood()
    {
        // Every block but the first starts mid-line at its anchor, so the re-parsed region starts at one too: its
        // parse must find that anchor (or WithChange falls back to a full parse). Entries sharing lines widen the
        // region to the first anchor with two untouched lines before it, hence a looser bound than for tagged entries.
        var doc = NoteDocument.Parse(TaglessEntries.AllGlued(Path.Combine(TestData.CorpusDir, "memory.notes")));
        foreach (var entry in doc.Entries().Skip(1))
        {
            var at = entry.Start + entry.Syntax.HeaderSpan.Start + 3;
            var edited = doc.WithChange(new TextChange(new TextSpan(at, 0), "x"));
            Assert.True(edited.ReparsedBlocks <= 16, $"entry {entry.Index}: re-parsed {edited.ReparsedBlocks} of {doc.BlockCount} blocks");
        }
    }

    [Fact]
    public void Parallel_parse_of_a_large_dump_equals_the_sequential_parse()
    {
        var big = string.Concat(Enumerable.Repeat(string.Concat(TestData.CorpusFiles.Select(TestData.Read)), 12));
        Assert.True(big.Length > 1 << 20);
        var parallel = NoteDocument.Parse(big);
        Assert.Equal(SyntaxDump.Of(NoteDocument.Parse(big.AsMemory(), allowParallel: false)), SyntaxDump.Of(parallel));
        SyntaxDump.AssertLossless(parallel, big);
    }

    [Theory]
    [InlineData("Cat\n\n#A Issue Date: 2025-01-01 T, X+, ACL'24 Summarys", 8, 0, "\n", 2)]
    [InlineData("Cat\n\n#A Issue Date: 2025-01-01 T, X+, ACL'24 Summarys", 10, 0, "\n", 1)]
    [InlineData("Cat\n\n#A Issue Date: 2025-01-01 T, X+, ACL'24 Summarys #B Issue Date: 2025-01-02 U, Y+, ACL'24 Summaryt", 40, 50, "", 2)]
    [InlineData("Cat\n\n#A Issue Date: 2025-01-01 T, X+, ACL'24 Summarys Commentc #B Issue Date: 2025-01-02 U, Y+, ACL'24 Summaryt", 57, 0, "\n", 3)]
    public void Edits_that_split_or_merge_entries_match_a_full_parse(string text, int at, int delete, string insert, int expectedBlocks)
    {
        var doc = NoteDocument.Parse(text).WithChange(new TextChange(new TextSpan(at, delete), insert));
        var newText = string.Concat(text.AsSpan(0, at), insert, text.AsSpan(at + delete));
        Assert.Equal(SyntaxDump.Of(NoteDocument.Parse(newText)), SyntaxDump.Of(doc));
        Assert.Equal(expectedBlocks, doc.BlockCount);
    }
}
