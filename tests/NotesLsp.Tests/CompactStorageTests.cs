using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// The compact forms that keep a 10 MB dump near 2× its size in memory: packed tokens, and entry facts and title
/// counts that are computed or collapsed instead of kept per entry. Each is checked against the plain form.
/// </summary>
public class CompactStorageTests
{
    [Fact]
    public void Packed_tokens_index_and_enumerate_alike_and_tile_every_corpus_block()
    {
        var blocks = 0;
        foreach (var file in TestData.CorpusFiles.Append(TestData.SeedFile))
        {
            foreach (var block in NoteDocument.Parse(File.ReadAllText(file)).Blocks())
            {
                var enumerated = block.Tokens.ToList();
                Assert.Equal(block.Tokens.Count, enumerated.Count);
                var end = 0;
                for (var i = 0; i < enumerated.Count; i++)
                {
                    Assert.Equal(enumerated[i], block.Tokens[i]);
                    Assert.Equal(end, enumerated[i].Start);
                    end = enumerated[i].End;
                }

                Assert.Equal(block.Length, end);
                blocks++;
            }
        }

        Assert.True(blocks > 200, $"{blocks} blocks");
    }

    [Fact]
    public void Tokens_that_cannot_be_packed_keep_their_full_form()
    {
        SyntaxToken[] gap = [new(SyntaxKind.Tag, 0, 4), new(SyntaxKind.Text, 6, 3)];
        Assert.Equal(gap, TokenList.From(gap).ToArray());

        SyntaxToken[] huge = [new(SyntaxKind.Text, 0, 1 << 27), new(SyntaxKind.Footnote, 1 << 27, 1)];
        Assert.Equal(huge, TokenList.From(huge).ToArray());
        Assert.Equal(huge[1], TokenList.From(huge)[1]);

        SyntaxToken[] packable = [new(SyntaxKind.Footnote, 0, (1 << 27) - 1), new(SyntaxKind.CategoryTitle, (1 << 27) - 1, 1)];
        Assert.Equal(packable, TokenList.From(packable).ToArray());
        Assert.Empty(TokenList.From([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenList.From(packable)[2]);
    }

    [Fact]
    public void Edits_spread_over_a_document_retain_text_twice_until_it_is_compacted_into_an_equal_document()
    {
        var text = string.Concat(Enumerable.Repeat(File.ReadAllText(TestData.SeedFile) + "\n", 20));
        var doc = NoteDocument.Parse(text);
        Assert.Equal(text.Length, doc.RetainedTextLength());

        var entries = doc.Entries().ToList();
        for (var i = 0; i < entries.Count; i += 2)
        {
            var at = doc.Entries().ElementAt(i).Start + 1;
            doc = doc.WithChange(new TextChange(new TextSpan(at, 0), "x"));
        }

        Assert.True(doc.RetainedTextLength() > doc.Length * 3L / 2, $"{doc.RetainedTextLength()} held for {doc.Length}");
        var compacted = doc.Compacted();
        Assert.Equal(compacted.Length, compacted.RetainedTextLength());
        Assert.Equal(SyntaxDump.Of(doc), SyntaxDump.Of(compacted));
        Assert.Equal(doc.GetText(), compacted.GetText());

        var workspace = new Workspace();
        workspace.Set("main", doc);
        workspace.Set("other", NoteDocument.Parse(File.ReadAllText(TestData.SeedFile)));
        var before = workspace.Diagnostics("main").Select(d => $"{d.Code} {d.Span} {d.Message}").ToList();
        var version = workspace.IndexVersion;
        workspace.ReplaceWithSameText("main", compacted);
        Assert.Same(compacted, workspace.Get("main"));
        Assert.Equal(version, workspace.IndexVersion);
        Assert.Equal(before, workspace.Diagnostics("main").Select(d => $"{d.Code} {d.Span} {d.Message}"));
        Assert.Throws<ArgumentException>(() => workspace.ReplaceWithSameText("main", NoteDocument.Parse("Cat\n")));
    }

    [Fact]
    public void Duplicate_numbers_follow_random_adds_and_removals_as_a_rebuilt_workspace_sees_them()
    {
        var random = new Random(7);
        string[] titles = ["Alpha", "Beta", "Gamma"];
        var documents = new Dictionary<string, string>();
        var workspace = new Workspace();
        for (var step = 0; step < 600; step++)
        {
            var key = $"doc{random.Next(5)}";
            if (random.Next(4) == 0)
            {
                documents.Remove(key);
                workspace.Remove(key);
            }
            else
            {
                var entries = Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
                    $"#NLP Issue Date: 2025-01-0{random.Next(1, 9)} #{random.Next(1, 4)} {titles[random.Next(titles.Length)]}, A+, X'25 Summaryabc\n");
                documents[key] = "Cat\n\n" + string.Concat(entries);
                workspace.Set(key, NoteDocument.Parse(documents[key]));
            }

            var rebuilt = new Workspace();
            foreach (var (k, text) in documents)
            {
                rebuilt.Set(k, NoteDocument.Parse(text));
            }

            foreach (var k in documents.Keys)
            {
                Assert.Equal(Messages(rebuilt, k), Messages(workspace, k));
            }

            for (var number = 1; number < 4; number++)
            {
                Assert.Equal(rebuilt.IsDefined(number), workspace.IsDefined(number));
            }
        }
    }

    private static string[] Messages(Workspace workspace, string key) =>
        [.. workspace.Diagnostics(key).Where(d => d.Rule == Rules.DuplicateNumber).Select(d => $"{d.Span} {d.Message}")];
}
