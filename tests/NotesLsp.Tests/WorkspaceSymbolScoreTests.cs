using NotesLsp.Ide;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>The prepared query of a workspace search scores every title as <see cref="WorkspaceSymbols.Score"/> does.</summary>
public sealed class WorkspaceSymbolScoreTests
{
    [Fact]
    public void Prepared_queries_score_every_corpus_title_as_Score_does()
    {
        var titles = TestData.RealDumps.SelectMany(f => NoteDocument.Parse(TestData.Read(f)).Entries().Select(e => e.Syntax.Title)).Distinct().ToList();
        titles.AddRange(["ıstanbul", "ſtraße", "\u212Aelvin", "Émile 😀 emoji", "lone \ud800 surrogate", string.Empty, "STRASSE", "Ⅻ roman", "\U00010400\U00010401 Deseret 𐐨", "😀 Model-X 😀 agents"]);
        var random = new Random(20261206);
        var queries = new List<string> { "memory", "LLM", "in-context", "Survey", "rl", "10513", "i", "I", "s", "k", "é", "É", "😀", "\ud800", "ⅻ", "a b", " ", "知識", "ｌｌｍ", "\U00010428", "\U00010400", "deseret 𐐨", "😀 m", "x 😀", "MODEL-X", "qz" };
        for (var i = 0; i < 200; i++)
        {
            var title = titles[random.Next(titles.Count)];
            if (title.Length > 2)
            {
                var start = random.Next(title.Length - 2);
                var piece = title.Substring(start, random.Next(1, Math.Min(12, title.Length - start)));
                queries.Add(random.Next(2) == 0 ? piece.ToUpperInvariant() : piece.ToLowerInvariant());
            }
        }

        foreach (var query in queries)
        {
            var prepared = new WorkspaceSymbols.PreparedQuery(query);
            foreach (var title in titles)
            {
                Assert.True(WorkspaceSymbols.Score(title, query) == prepared.Score(title), $"query \"{query}\", title \"{title}\"");
            }
        }
    }
}
