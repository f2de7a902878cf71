using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>Navigation and the read-only features, against the shared corpus and its ground truth.</summary>
public sealed class CorpusFeatureTests(CorpusServerFixture corpus) : IClassFixture<CorpusServerFixture>
{
    private LspClient Client => corpus.Client;

    private static JsonObject Doc(string path) => new() { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(path) } };

    [Fact]
    public async Task Definition_of_every_resolvable_reference_lands_on_the_target_header_line()
    {
        // Copies are one entry: the copy in the same dump when there is one, else every copy.
        var defined = corpus.Truth.GroupBy(t => t.Number).ToDictionary(g => g.Key, g => g.Select(t => (LspClient.Uri(t.File), t.DateLine)).ToHashSet());
        var tested = 0;
        foreach (var (file, text) in corpus.Texts)
        {
            var refs = corpus.Truth.Where(t => t.File == file).SelectMany(t => t.Refs).ToHashSet();
            foreach (var match in CorpusServerFixture.References(text))
            {
                var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (!refs.Contains(number) || !defined.TryGetValue(number, out var copies))
                {
                    continue;
                }

                var here = copies.Where(c => c.Item1 == LspClient.Uri(file)).ToHashSet();
                var expected = here.Count > 0 ? here : copies;

                var (line, character) = CorpusServerFixture.PositionOf(text, match.Index + 2);
                var result = (await Client.ResultAsync("textDocument/definition", LspClient.DocPos(LspClient.Uri(file), line, character)))!.AsArray();
                var actual = result.Select(l => ((string)l!["uri"]!, (int)l["range"]!["start"]!["line"]!)).ToHashSet();
                Assert.True(expected.SetEquals(actual), $"{Path.GetFileName(file)}:{line + 1} ・{number}: expected {string.Join(", ", expected)}, got {string.Join(", ", actual)}");
                tested++;
            }
        }

        Assert.Equal(37, tested);
    }

    [Fact]
    public async Task Definition_on_a_tag_goes_to_the_category_file()
    {
        var entry = corpus.Truth.First(t => !t.File.EndsWith("KnowledgeEditing.notes", StringComparison.Ordinal) && t.Tags.Contains("KnowledgeEditing"));
        var text = corpus.Texts[entry.File];
        var offset = text.IndexOf("#KnowledgeEditing", CorpusServerFixture.OffsetOf(text, entry.TagLine, 0), StringComparison.Ordinal);
        var (line, character) = CorpusServerFixture.PositionOf(text, offset + 3);
        var result = (await Client.ResultAsync("textDocument/definition", LspClient.DocPos(LspClient.Uri(entry.File), line, character)))!.AsArray();
        var location = Assert.Single(result)!;
        Assert.EndsWith("/KnowledgeEditing.notes", (string)location["uri"]!, StringComparison.Ordinal);
        Assert.Equal(0, (int)location["range"]!["start"]!["line"]!);

        // A tag without a category file has no definition.
        var nlp = text.IndexOf("#NLP", StringComparison.Ordinal);
        var (l2, c2) = CorpusServerFixture.PositionOf(text, nlp + 2);
        Assert.Null(await Client.ResultAsync("textDocument/definition", LspClient.DocPos(LspClient.Uri(entry.File), l2, c2)));
    }

    [Fact]
    public async Task References_from_a_header_are_its_backlinks()
    {
        // The most referenced entry defined in the corpus.
        var counts = corpus.Truth.SelectMany(t => t.Refs).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var target = corpus.Truth.Where(t => counts.ContainsKey(t.Number)).OrderByDescending(t => counts[t.Number]).First();
        var text = corpus.Texts[target.File];
        var lineText = text.Split('\n')[target.DateLine];
        var character = lineText.IndexOf("Issue Date:", StringComparison.Ordinal) + 30;
        var p = LspClient.DocPos(LspClient.Uri(target.File), target.DateLine, character);
        p["context"] = new JsonObject { ["includeDeclaration"] = false };
        var backlinks = (await Client.ResultAsync("textDocument/references", p))!.AsArray();

        // Every ・N in the corpus files that the truth lists as a reference (the truth lists each entry's references).
        var expected = corpus.Truth.Sum(t => t.Refs.Count(r => r == target.Number));
        Assert.Equal(expected, backlinks.Count);
        foreach (var location in backlinks)
        {
            var file = new Uri((string)location!["uri"]!).LocalPath;
            var start = CorpusServerFixture.OffsetOf(corpus.Texts[file], (int)location["range"]!["start"]!["line"]!, (int)location["range"]!["start"]!["character"]!);
            Assert.Equal("・" + target.Number, corpus.Texts[file].Substring(start, target.Number.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1));
        }

        p["context"] = new JsonObject { ["includeDeclaration"] = true };
        var withDeclaration = (await Client.ResultAsync("textDocument/references", p))!.AsArray();
        Assert.Equal(backlinks.Count + corpus.Truth.Count(t => t.Number == target.Number), withDeclaration.Count);

        // Hovering the header tells the backlink count.
        var hover = (await Client.ResultAsync("textDocument/hover", LspClient.DocPos(LspClient.Uri(target.File), target.DateLine, character)))!;
        Assert.Contains($"{expected} backlink", (string?)hover["contents"]!["value"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_from_a_tag_are_every_entry_carrying_it()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("memory.notes", StringComparison.Ordinal));
        var text = corpus.Texts[file];
        var offset = text.IndexOf("#LanguageModel", StringComparison.Ordinal);
        var (line, character) = CorpusServerFixture.PositionOf(text, offset + 4);
        var p = LspClient.DocPos(LspClient.Uri(file), line, character);
        p["context"] = new JsonObject { ["includeDeclaration"] = true };
        var result = (await Client.ResultAsync("textDocument/references", p))!.AsArray();
        var expected = corpus.Truth.Count(t => t.Tags.Contains("LanguageModel"));
        Assert.Equal(expected, result.Count);
        Assert.True(result.Select(r => (string?)r!["uri"]).Distinct().Count() > 3);
    }

    [Fact]
    public async Task Hover_on_a_reference_shows_the_entry_and_on_a_tag_its_use_count()
    {
        var (file, text) = corpus.Texts.First(t => t.Key.EndsWith("KnowledgeEditing.notes", StringComparison.Ordinal));
        var refs = corpus.Truth.Where(t => t.File == file).SelectMany(t => t.Refs).ToHashSet();
        var match = CorpusServerFixture.References(text).First(m => refs.Contains(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) && corpus.Truth.Any(t => t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == m.Groups[1].Value));
        var target = corpus.Truth.First(t => t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == match.Groups[1].Value);
        var (line, character) = CorpusServerFixture.PositionOf(text, match.Index + 1);
        var hover = (await Client.ResultAsync("textDocument/hover", LspClient.DocPos(LspClient.Uri(file), line, character)))!;
        var markdown = (string)hover["contents"]!["value"]!;
        Assert.Equal("markdown", (string?)hover["contents"]!["kind"]);
        var titleStart = target.Title.Replace("[Paper Note] ", string.Empty, StringComparison.Ordinal)[..10];
        Assert.Contains(titleStart.Replace(":", string.Empty, StringComparison.Ordinal)[..5], markdown, StringComparison.Ordinal);
        Assert.Contains(corpus.Truth.First(t => t.Number == target.Number).Tags[0].Replace("-", "\\-", StringComparison.Ordinal), markdown, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(target.File).Replace("_", "\\_", StringComparison.Ordinal), markdown, StringComparison.Ordinal);
        Assert.Contains("> ", markdown, StringComparison.Ordinal);

        var tagOffset = text.IndexOf("#NLP", StringComparison.Ordinal);
        var (tl, tc) = CorpusServerFixture.PositionOf(text, tagOffset + 1);
        var tagHover = (string)(await Client.ResultAsync("textDocument/hover", LspClient.DocPos(LspClient.Uri(file), tl, tc)))!["contents"]!["value"]!;
        // Entries, not copies; a dump's category is a tag of its entries.
        var carrying = corpus.Truth.Where(t => t.XmlTags.Contains("NLP")).Select(t => t.Number).Distinct().Count();
        Assert.True(carrying < corpus.Truth.Count(t => t.Tags.Contains("NLP")), "the corpus keeps copies of NLP entries");
        Assert.Contains($"carried by {carrying} entries", tagHover, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Document_symbols_list_the_category_then_one_symbol_per_entry()
    {
        foreach (var file in TestData.CorpusFiles)
        {
            var symbols = (await Client.ResultAsync("textDocument/documentSymbol", Doc(file)))!.AsArray();
            var category = Assert.Single(symbols)!;
            Assert.Equal(corpus.Texts[file].Split('\n')[0], (string?)category["name"]);
            var entries = category["children"]!.AsArray();
            var truth = corpus.Truth.Where(t => t.File == file).ToList();
            Assert.Equal(truth.Count, entries.Count);
            for (var i = 0; i < truth.Count; i++)
            {
                var symbol = entries[i]!;
                Assert.StartsWith((string)symbol["name"]!, truth[i].Title, StringComparison.Ordinal);
                Assert.Equal(truth[i].DateLine, (int)symbol["selectionRange"]!["start"]!["line"]!);
                Assert.StartsWith(corpus.Truth.First(t => t.File == file && t.Number == truth[i].Number).Title[..0], (string?)symbol["detail"] ?? string.Empty, StringComparison.Ordinal);
                Assert.Null(symbol["children"]);
            }
        }
    }

    [Fact]
    public async Task Workspace_symbols_match_titles_by_substring_and_fuzzily_ignoring_case()
    {
        var target = corpus.Truth.First(t => t.Title.Contains("KnowledgeSmith", StringComparison.Ordinal));
        var exact = (await Client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "knowledgesmith" }))!.AsArray();
        Assert.Contains(exact, s => ((string)s!["name"]!).Contains("KnowledgeSmith", StringComparison.Ordinal) && (int)s["location"]!["range"]!["start"]!["line"]! == target.DateLine);
        var fuzzy = (await Client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "KnwSmth" }))!.AsArray();
        Assert.Contains(fuzzy, s => ((string)s!["name"]!).Contains("KnowledgeSmith", StringComparison.Ordinal));
        // Each entry once, however many dumps keep a copy; the container says where else it is kept.
        var all = (await Client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = string.Empty }))!.AsArray();
        var distinct = corpus.Truth.Select(t => t.Number).Distinct().Count();
        Assert.True(distinct < corpus.Truth.Count);
        Assert.Equal(distinct, all.Count);
        var kept = corpus.Truth.GroupBy(t => t.Number).Where(g => g.Count() > 1).Select(g => g.First().Title).First();
        var symbol = Assert.Single(all, s => kept.Contains((string)s!["name"]!, StringComparison.Ordinal));
        Assert.Contains("other dump", (string?)symbol!["containerName"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folding_ranges_cover_multi_line_entries_and_comments()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("KnowledgeEditing.notes", StringComparison.Ordinal));
        var ranges = (await Client.ResultAsync("textDocument/foldingRange", Doc(file)))!.AsArray();
        var lines = corpus.Texts[file].Split('\n').Length;
        Assert.NotEmpty(ranges);
        Assert.All(ranges, r => Assert.True((int)r!["startLine"]! < (int)r["endLine"]! && (int)r["endLine"]! < lines));
        Assert.Contains(ranges, r => (string?)r!["kind"] == "comment");
        var entryStarts = corpus.Truth.Where(t => t.File == file).Select(t => t.TagLine).ToHashSet();
        Assert.Contains(ranges, r => entryStarts.Contains((int)r!["startLine"]!));
    }

    [Fact]
    public async Task Document_links_are_the_urls_in_summaries_and_comments()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("KnowledgeEditing.notes", StringComparison.Ordinal));
        var links = (await Client.ResultAsync("textDocument/documentLink", Doc(file)))!.AsArray();
        Assert.NotEmpty(links);
        var text = corpus.Texts[file];
        foreach (var link in links)
        {
            var target = (string)link!["target"]!;
            Assert.StartsWith("http", target, StringComparison.Ordinal);
            var start = CorpusServerFixture.OffsetOf(text, (int)link["range"]!["start"]!["line"]!, (int)link["range"]!["start"]!["character"]!);
            var end = CorpusServerFixture.OffsetOf(text, (int)link["range"]!["end"]!["line"]!, (int)link["range"]!["end"]!["character"]!);
            Assert.StartsWith("http", text[start..end], StringComparison.Ordinal);
        }

        Assert.Contains(links, l => ((string)l!["target"]!).Contains("twitter.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Semantic_tokens_mark_tags_dates_numbers_and_references_full_and_range()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("FactualKnowledge.notes", StringComparison.Ordinal));
        var text = corpus.Texts[file];
        var lines = text.Split('\n');
        var data = (await Client.ResultAsync("textDocument/semanticTokens/full", Doc(file)))!["data"]!.AsArray().Select(d => (int)d!).ToList();
        var decoded = Decode(data, lines);
        Assert.Contains(decoded, t => t.Type == 0 && t.Text == "#NLP");
        Assert.Contains(decoded, t => t.Type == 1 && t.Text == "2025-10-09" || t.Type == 1 && t.Text.Length == 10);
        Assert.Contains(decoded, t => t.Type == 2 && t.Text.StartsWith('#'));
        Assert.Contains(decoded, t => t.Type == 4 && t.Text.StartsWith('・'));
        Assert.Equal(corpus.Truth.Count(t => t.File == file), decoded.Count(t => t.Type == 1));

        var range = Doc(file);
        range["range"] = new JsonObject { ["start"] = LspClient.Position(10, 0), ["end"] = LspClient.Position(30, 0) };
        var partial = Decode((await Client.ResultAsync("textDocument/semanticTokens/range", range))!["data"]!.AsArray().Select(d => (int)d!).ToList(), lines);
        Assert.NotEmpty(partial);
        Assert.True(partial.Count < decoded.Count);
        Assert.All(partial, t => Assert.Contains(t, decoded));
    }

    [Fact]
    public async Task Completion_after_hash_lists_every_tag_ranked_by_use_with_spaces_and_counts()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("ContinualLearning.notes", StringComparison.Ordinal));
        var text = corpus.Texts[file];
        var tagLine = corpus.Truth.First(t => t.File == file).TagLine;
        var items = (await Client.ResultAsync("textDocument/completion", LspClient.DocPos(LspClient.Uri(file), tagLine, 1)))!["items"]!.AsArray();
        var all = corpus.Truth.GroupBy(t => t.File).SelectMany(g => g.SelectMany(t => t.Tags.Distinct())).ToHashSet();
        foreach (var tag in all)
        {
            Assert.Contains(items, i => (string?)i!["label"] == tag);
        }

        Assert.Contains(items, i => ((string)i!["label"]!).Contains(' ', StringComparison.Ordinal));
        var sorted = items.OrderBy(i => (string)i!["sortText"]!, StringComparer.Ordinal).ToList();
        var counts = sorted.Select(i => int.Parse((string)i!["detail"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        Assert.Equal("NLP", (string?)sorted[0]!["label"]);

        // The edit replaces what was typed after '#': here the first character of the existing tag.
        var first = items[0]!["textEdit"]!["range"]!;
        Assert.Equal(1, (int)first["start"]!["character"]!);
        Assert.Equal(1, (int)first["end"]!["character"]!);
        _ = text;
    }

    private static List<(int Line, int Character, string Text, int Type)> Decode(List<int> data, string[] lines)
    {
        var result = new List<(int, int, string, int)>();
        var line = 0;
        var character = 0;
        for (var i = 0; i < data.Count; i += 5)
        {
            line += data[i];
            character = data[i] == 0 ? character + data[i + 1] : data[i + 1];
            result.Add((line, character, lines[line].Substring(character, data[i + 2]), data[i + 3]));
        }

        return result;
    }
}
