using System.Text.Json;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// Entries without a tag list glued mid-line (<c>…を示した。 Issue Date: 2026-04-17 #5301 …</c>), as real collections
/// write an entry whose only tag is the dump's own category.
/// </summary>
public class TaglessEntryTests
{
    private const string Category = "Cat\n\n";
    private const string FirstEntry = "#NLP Issue Date: 2025-01-01 #1 First, A. Author+, ACL'24 Summaryまとめ Comment結果を示した。";

    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void Every_anchor_the_parser_finds_in_the_corpus_is_an_entry_of_the_truth(string name)
    {
        var path = Path.Combine(TestData.CorpusDir, name);
        var text = TestData.Read(path);
        var doc = NoteDocument.Parse(text);
        using var truth = TestData.Truth(path);
        var expected = truth.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("number").GetInt32(), e.GetProperty("date_line").GetInt32() - 1, e.GetProperty("date_col").GetInt32()));
        var found = doc.Entries().Select(e => (e.Syntax.Number ?? -1, doc.PositionOf(e.Start + e.Syntax.AnchorOffset).Line, doc.PositionOf(e.Start + e.Syntax.AnchorOffset).Character));

        Assert.Equal(expected, found);
        // No comment mentions "Issue Date:": every occurrence is an entry's anchor, so the tagless rule has nothing to misread.
        Assert.Equal(doc.EntryCount, Occurrences(text, EntryBoundaries.IssueDateLiteral));
    }

    [Fact]
    public void Every_anchor_the_parser_finds_in_the_seeds_is_an_entry()
    {
        foreach (var path in Directory.GetFiles(TestData.SeedsDir))
        {
            var text = TestData.Read(path);
            var doc = NoteDocument.Parse(text);
            Assert.Equal(doc.EntryCount, Occurrences(text, EntryBoundaries.IssueDateLiteral));
            Assert.All(doc.Entries(), e => Assert.NotEmpty(e.Syntax.Tags));

            var corpusTwin = Path.Combine(TestData.CorpusDir, Path.GetFileName(path));
            if (File.Exists(corpusTwin) && TestData.Read(corpusTwin) == text)
            {
                using var truth = TestData.Truth(corpusTwin);
                Assert.Equal(truth.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("number").GetInt32()), doc.Entries().Select(e => e.Syntax.Number ?? -1));
            }
        }

        Assert.Equal(16, NoteDocument.Parse(TestData.Read(TestData.SeedFile)).EntryCount);
    }

    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void A_real_entry_without_its_tag_list_glued_after_the_previous_text_is_found(string name)
    {
        var path = Path.Combine(TestData.CorpusDir, name);
        var source = TestData.Read(path);
        using var truth = TestData.Truth(path);
        var expected = truth.RootElement.GetProperty("entries").EnumerateArray().ToList();
        for (var i = 1; i < expected.Count; i++)
        {
            var (text, anchors) = TaglessEntries.Glue(source, expected, [i]);
            var anchor = anchors[0];
            Assert.Equal(' ', text[anchor - 1]);
            var doc = NoteDocument.Parse(text);
            var where = $"{name} entry {i} (#{expected[i].GetProperty("number").GetInt32()})";
            Assert.True(doc.EntryCount == expected.Count, $"{where}: {doc.EntryCount} entries");

            var entry = doc.Entries().ElementAt(i);
            Assert.True(entry.Start == anchor, $"{where}: block starts at {entry.Start}, anchor at {anchor}");
            AssertEntryIs(expected[i], entry.Syntax, where);
            Assert.Empty(entry.Syntax.Tags);
            Assert.True(doc.IsGlued(entry), where);

            var previous = doc.Entries().ElementAt(i - 1);
            AssertEntryIs(expected[i - 1], previous.Syntax, where + ", the entry before");
            Assert.Equal(anchor, previous.Start + previous.Syntax.Length);
            var previousText = previous.Absolute(previous.Syntax.CommentKeywordSpan is null ? previous.Syntax.SummarySpan : previous.Syntax.CommentSpan);
            Assert.True(previousText.End <= anchor, where);
            Assert.DoesNotContain(EntryBoundaries.IssueDateLiteral, doc.GetText(previousText), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void A_dump_whose_entries_are_all_tagless_and_glued_parses_to_its_truth(string name)
    {
        var path = Path.Combine(TestData.CorpusDir, name);
        var doc = NoteDocument.Parse(TaglessEntries.AllGlued(path));
        using var truth = TestData.Truth(path);
        var expected = truth.RootElement.GetProperty("entries").EnumerateArray().ToList();
        var actual = doc.Entries().ToList();

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertEntryIs(expected[i], actual[i].Syntax, $"{name} entry {i}");
            Assert.Equal(i > 0, doc.IsGlued(actual[i]));
        }

        Assert.DoesNotContain(actual.Skip(1), e => e.Syntax.Tags.Count > 0);
    }

    [Theory]
    [InlineData(" Issue Date: 2026-04-17 #5301 ")]
    [InlineData("\tIssue Date: 2026-04-17 #5301 ")]
    [InlineData("\u3000Issue Date: 2026-04-17 #5301 ")]
    [InlineData(" Issue Date:  2026-4-7 #5301 ")]
    public void Tagless_anchor_after_a_blank_starts_an_entry(string glue)
    {
        var text = Category + FirstEntry + glue + "[Paper Note] Some Title, A. Author+, arXiv'24 Summaryまとめ\n";
        var doc = NoteDocument.Parse(text);
        Assert.Equal(2, doc.EntryCount);
        var second = doc.Entries().ElementAt(1);
        Assert.Equal(text.IndexOf("Issue Date:", FirstEntry.Length, StringComparison.Ordinal), second.Start);
        Assert.Equal(5301, second.Syntax.Number);
        Assert.Equal("[Paper Note] Some Title", second.Syntax.Title);
        Assert.EndsWith("結果を示した。" + glue[0], doc.Entries().First().Syntax.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("。 Issue Date: は論文の日付")] // no date
    [InlineData("。 Issue Date:")]
    [InlineData("。Issue Date: 2025-01-01 x")] // no blank before
    [InlineData(" Issue Date:2025-01-01 x")] // no blank after the colon
    [InlineData(" Issue Date: 2025-01-01x")]
    [InlineData(" Issue Date: 2025-01-012 x")]
    [InlineData(" Issue Date: 25-01-01 x")]
    [InlineData(" Issue Date: 2025/01/01 x")]
    [InlineData(" Issue Date: 2025-01 x")]
    [InlineData(" Issue Date:\n2025-01-01 x")]
    public void Comment_text_that_only_mentions_issue_date_stays_comment(string comment)
    {
        var text = Category + FirstEntry + comment + "\n";
        var doc = NoteDocument.Parse(text);
        var entry = Assert.Single(doc.Entries());
        Assert.EndsWith(comment + "\n", entry.Syntax.GetText(entry.Syntax.CommentSpan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-04-17\n")]
    [InlineData("2026-04-17")]
    [InlineData("2026-04-17\r\nSummaryx")]
    public void The_date_may_end_the_line_or_the_text(string rest) =>
        Assert.Equal(2, NoteDocument.Parse(Category + FirstEntry + " Issue Date: " + rest).EntryCount);

    [Fact]
    public void A_tagless_entry_with_an_unpadded_date_is_found_and_the_date_rule_offers_the_padding()
    {
        var text = Category + FirstEntry + " Issue Date: 2026-4-7 #5301 [Paper Note] Some Title, A. Author+, arXiv'24 Summaryまとめ\n";
        var workspace = new Workspace();
        workspace.Set("main", NoteDocument.Parse(text));
        var malformed = Assert.Single(workspace.Diagnostics("main"), d => d.Rule == Rules.MalformedDate);
        Assert.Equal("2026-04-07", Assert.Single(malformed.Fix!.Edits).Change.NewText);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\u3000")]
    public void Putting_a_tagless_glued_entry_on_its_own_line_replaces_the_blank_before_it(string blank)
    {
        const string Second = "Issue Date: 2026-04-17 #5301 [Paper Note] Some Title, A. Author+, arXiv'24 Summaryまとめ\n";
        var text = Category + FirstEntry + blank + Second;
        var doc = NoteDocument.Parse(text);
        var glued = doc.Entries().ElementAt(1);
        Assert.True(doc.IsGlued(glued));

        var (entry, change) = Assert.Single(GluedEntries.All(doc));
        Assert.Equal(glued, entry);
        Assert.Equal(new TextSpan(glued.Start - 1, 1), change.Span);
        Assert.Equal("\n", change.NewText);

        var unglued = doc.WithChange(change);
        Assert.Equal(Category + FirstEntry + "\n" + Second, unglued.GetText());
        Assert.Equal([1, 5301], unglued.Entries().Select(e => e.Syntax.Number ?? -1));
        Assert.Empty(GluedEntries.All(unglued));
    }

    [Fact]
    public void Ungluing_a_tagless_entry_after_text_that_ends_like_a_tag_list_keeps_that_text_out_of_its_tags()
    {
        // U+3000 cannot separate a tag list from its anchor, so "#ICML" is the previous comment's text here; on a
        // line of its own, the entry would read it as its tag list unless a blank line stands between them.
        const string Second = "Issue Date: 2026-04-17 #5301 [Paper Note] Some Title, A. Author+, arXiv'24 Summaryまとめ\n";
        var text = Category + FirstEntry + " #ICML\u3000" + Second;
        var doc = NoteDocument.Parse(text);
        Assert.Equal([1, 0], doc.Entries().Select(e => e.Syntax.Tags.Count));

        var (_, change) = Assert.Single(GluedEntries.All(doc));
        Assert.Equal("\n\n", change.NewText);
        var unglued = doc.WithChange(change);
        Assert.Equal(Category + FirstEntry + " #ICML\n\n" + Second, unglued.GetText());
        Assert.Empty(unglued.Entries().ElementAt(1).Syntax.Tags);
        Assert.Empty(GluedEntries.All(unglued));
    }

    [Theory]
    [InlineData(0, 1, "")] // the blank before the anchor: the entries merge
    [InlineData(1, 0, "x")] // text glued to the anchor
    [InlineData(17, 1, "/")] // the date's first hyphen
    [InlineData(23, 0, "7")] // a third digit in the day
    [InlineData(0, 1, "\n")] // unglued
    [InlineData(1, 0, "#NLP ")] // a tag list appears
    [InlineData(0, 0, "・612")] // a reference before it
    public void Edits_to_a_tagless_anchor_match_a_full_parse(int at, int delete, string insert)
    {
        var text = Category + FirstEntry + " Issue Date: 2026-04-17 #5301 Title, A+, arXiv'24 Summaryまとめ Comment詳細 Issue Date: 2026-04-18 #5302 Next, B+, ACL'24 Summaryx\n";
        var position = text.IndexOf(" Issue Date: 2026-04-17", StringComparison.Ordinal) + at;
        var doc = NoteDocument.Parse(text).WithChange(new TextChange(new TextSpan(position, delete), insert));
        var edited = string.Concat(text.AsSpan(0, position), insert, text.AsSpan(position + delete));
        SyntaxDump.AssertLossless(doc, edited);
        Assert.Equal(SyntaxDump.Of(NoteDocument.Parse(edited)), SyntaxDump.Of(doc));
    }

    private static void AssertEntryIs(JsonElement expected, EntrySyntax actual, string where)
    {
        Assert.True(expected.GetProperty("number").GetInt32() == actual.Number, $"{where}: number {actual.Number}");
        Assert.Equal(expected.GetProperty("date").GetString(), actual.DateText);
        Assert.Equal(expected.GetProperty("title").GetString(), actual.Header);
        var references = actual.References.Where(r => !r.Tentative || TestData.CorpusNumbers.Contains(r.Number)).Select(r => r.Number);
        Assert.Equal(expected.GetProperty("refs").EnumerateArray().Select(r => r.GetInt32()), references);
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
