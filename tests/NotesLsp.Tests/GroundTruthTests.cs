using System.Text.Json;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

public class GroundTruthTests
{
    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void Corpus_entries_match_their_truth_file(string name)
    {
        var path = Path.Combine(TestData.CorpusDir, name);
        var doc = NoteDocument.Parse(TestData.Read(path));
        using var truth = TestData.Truth(path);
        var expected = truth.RootElement.GetProperty("entries").EnumerateArray().ToList();
        var actual = doc.Entries().ToList();

        Assert.Equal(truth.RootElement.GetProperty("category").GetString(), doc.Prologue.Title);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var where = $"{name} entry {i} (#{e.GetProperty("number").GetInt32()})";
            Assert.True(e.GetProperty("number").GetInt32() == a.Syntax.Number, where + " number " + a.Syntax.Number);
            Assert.Equal(e.GetProperty("date").GetString(), a.Syntax.DateText);
            Assert.Equal(e.GetProperty("title").GetString(), a.Syntax.Header);
            Assert.Equal(e.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!), a.Syntax.Tags.Select(t => t.Name));
            // A tentative reference counts as the analysis will count it: when its number names an entry.
            var references = a.Syntax.References.Where(r => !r.Tentative || TestData.CorpusNumbers.Contains(r.Number));
            Assert.Equal(e.GetProperty("refs").EnumerateArray().Select(r => r.GetInt32()), references.Select(r => r.Number));

            var tagPos = doc.PositionOf(a.Start);
            Assert.True(e.GetProperty("tag_line").GetInt32() == tagPos.Line + 1 && e.GetProperty("tag_col").GetInt32() == tagPos.Character, where + " tag position " + tagPos);
            var datePos = doc.PositionOf(a.Start + a.Syntax.AnchorOffset);
            Assert.True(e.GetProperty("date_line").GetInt32() == datePos.Line + 1 && e.GetProperty("date_col").GetInt32() == datePos.Character, where + " date position " + datePos);
            Assert.Equal(e.GetProperty("summary_source").GetString() is not null, a.Syntax.SummaryKeywordSpan is not null);
            Assert.Equal(e.GetProperty("has_comment").GetBoolean(), a.Syntax.CommentKeywordSpan is not null);
        }
    }

    [Fact]
    public void Seed_parses_to_its_sixteen_entries_with_exact_titles()
    {
        var doc = NoteDocument.Parse(TestData.Read(TestData.SeedFile));
        string[] titles =
        [
            "[Paper Note] CRISP: Persistent Concept Unlearning via Sparse Autoencoders",
            "[Paper Note] PropMEND: Hypernetworks for Knowledge Propagation in LLMs",
            "[Paper Note] Representation Shattering in Transformers: A Synthetic Study with Knowledge Editing",
            "EasyEdit2: An Easy-to-use Steering Framework for Editing Large Language Models",
            "AlphaEdit: Null-Space Constrained Knowledge Editing for Language Models",
            "Fundamental Limits of Perfect Concept Erasure",
            "EasyEdit: An Easy-to-use Knowledge Editing Framework for Large Language Models",
            "Editing Large Language Models: Problems, Methods, and Opportunities",
            "Forgetting before Learning: Utilizing Parametric Arithmetic for Knowledge Updating in Large Language Models",
            "Learning to Edit: Aligning LLMs with Knowledge Editing",
            "Mass-Editing Memory in a Transformer",
            "[Paper Note] Locating and Editing Factual Associations in GPT",
            "[Paper Note] Fast Model Editing at Scale",
            "Knowledge Neurons in Pretrained Transformers",
            "[Paper Note] Editing Factual Knowledge in Language Models",
            "Editable Neural Networks",
        ];
        Assert.Equal("KnowledgeEditing", doc.Prologue.Title);
        Assert.Equal(titles, doc.Entries().Select(e => e.Syntax.Title));
        var easyEdit = doc.Entries().ElementAt(6).Syntax;
        Assert.Equal("Peng Wang+", easyEdit.GetText(easyEdit.AuthorSpan!.Value));
        Assert.Equal("ACL'24", easyEdit.GetText(easyEdit.VenueSpan!.Value));
        var neurons = doc.Entries().ElementAt(13).Syntax;
        Assert.Equal("2022.05", neurons.GetText(neurons.YearSpan!.Value));
        Assert.Equal([643, 2055, 1946, 2556, 2557, 2140], doc.Entries().SelectMany(e => e.Syntax.References).Select(r => r.Number));
        Assert.Contains(doc.Entries(), e => e.Syntax.Tags.Any(t => t.Name == "Admin'sPick"));
        Assert.Contains(doc.Entries(), e => e.Syntax.Tags.Any(t => t.Name == "Supervised-FineTuning (SFT)"));
    }
}
