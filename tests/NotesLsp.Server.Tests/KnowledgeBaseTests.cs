using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Tests;

/// <summary>
/// The notes read and grow as one knowledge base, over stdio on the corpus and checked against its ground truth:
/// inlay hints after references, code lenses with their counts, document highlights, selection ranges, pull equal to
/// push, the new-entry completion, tag completion by substring and renaming an entry number.
/// </summary>
public sealed partial class KnowledgeBaseTests(CorpusServerFixture corpus) : IClassFixture<CorpusServerFixture>
{
    private LspClient Client => corpus.Client;

    private static JsonObject Doc(string path) => new() { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(path) } };

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The references the truth lists for a dump, with the ・N matches in its text that they are.</summary>
    private IEnumerable<(Match Match, int Number)> ListedReferences(string file)
    {
        var listed = corpus.Truth.Where(t => t.File == file).SelectMany(t => t.Refs).ToHashSet();
        foreach (var match in CorpusServerFixture.References(corpus.Texts[file]))
        {
            var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (listed.Contains(number))
            {
                yield return (match, number);
            }
        }
    }

    private JsonObject WholeDocument(string file)
    {
        var lines = corpus.Texts[file].Count(c => c == '\n');
        var p = Doc(file);
        p["range"] = new JsonObject { ["start"] = LspClient.Position(0, 0), ["end"] = LspClient.Position(lines + 1, 0) };
        return p;
    }

    [Fact]
    public async Task An_inlay_hint_follows_each_resolving_reference_and_names_its_entry_and_none_follows_an_unresolved_one()
    {
        var defined = corpus.Truth.Select(t => t.Number).ToHashSet();
        int resolved = 0, unresolved = 0;
        foreach (var file in TestData.CorpusFiles)
        {
            var text = corpus.Texts[file];
            var hints = (await Client.ResultAsync("textDocument/inlayHint", WholeDocument(file)))?.AsArray() ?? [];
            var byPosition = hints.ToDictionary(h => ((int)h!["position"]!["line"]!, (int)h["position"]!["character"]!), h => h!);
            var expected = new HashSet<(int, int)>();
            foreach (var (match, number) in ListedReferences(file))
            {
                var end = CorpusServerFixture.PositionOf(text, match.Index + match.Length);
                if (!defined.Contains(number))
                {
                    Assert.False(byPosition.ContainsKey(end), $"{Path.GetFileName(file)}:{end.Line + 1}: a hint after unresolved ・{number}");
                    unresolved++;
                    continue;
                }

                // The copy in this dump when it keeps one, else the first dump by path.
                var target = corpus.Truth.Where(t => t.Number == number).OrderBy(t => t.File == file ? 0 : 1).ThenBy(t => t.File, StringComparer.Ordinal).First();
                Assert.True(byPosition.TryGetValue(end, out var hint), $"{Path.GetFileName(file)}:{end.Line + 1}: no hint after ・{number}");
                var label = (string)hint!["label"]!;
                var title = target.Title.Trim();
                Assert.True(label.Length <= 41, label);
                // The truth's title is the whole header; the hint names the title part, shortened.
                Assert.True(title.StartsWith(label.TrimEnd('…'), StringComparison.Ordinal) && label.Length > 3, $"・{number}: hint '{label}' for '{title}'");
                var tooltip = hint["tooltip"] is JsonObject markup ? (string)markup["value"]! : (string)hint["tooltip"]!;
                Assert.Contains(label.TrimEnd('…'), tooltip, StringComparison.Ordinal);
                Assert.Contains($"#{number}", tooltip, StringComparison.Ordinal);
                Assert.Matches(@"\d{4}-\d{2}-\d{2}", tooltip);
                expected.Add(end);
                resolved++;
            }

            Assert.Equal(expected.Count, hints.Count);
        }

        // The corpus README: 58 references, 37 of them to entries the corpus has.
        Assert.Equal(37, resolved);
        Assert.Equal(21, unresolved);
    }

    [Fact]
    public async Task Each_entry_has_a_code_lens_that_resolves_to_its_referring_entries_and_dumps()
    {
        var lensTitle = LensTitle();
        var lenses = 0;
        foreach (var file in TestData.CorpusFiles)
        {
            var entries = corpus.Truth.Where(t => t.File == file).ToList();
            var result = (await Client.ResultAsync("textDocument/codeLens", Doc(file)))!.AsArray();
            Assert.Equal(entries.Count, result.Count);
            Assert.Equal(entries.Select(e => e.DateLine), result.Select(l => (int)l!["range"]!["start"]!["line"]!));
            for (var i = 0; i < entries.Count; i++)
            {
                Assert.Null(result[i]!["command"]);
                var resolved = (await Client.ResultAsync("codeLens/resolve", result[i]!.DeepClone()))!;
                var title = (string)resolved["command"]!["title"]!;
                var match = lensTitle.Match(title);
                Assert.True(match.Success, title);

                // Copies of a referring entry count once; copies of this one are the dumps that keep it.
                var number = entries[i].Number;
                var referring = corpus.Truth.Where(t => t.Refs.Contains(number)).Select(t => t.Number).Distinct().Count();
                var dumps = corpus.Truth.Where(t => t.Number == number).Select(t => t.File).Distinct().Count();
                Assert.Equal((referring, dumps), (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)));
                Assert.Equal("notesLsp.showReferences", (string?)resolved["command"]!["command"]);
                Assert.Equal(corpus.Truth.Sum(t => t.Refs.Count(r => r == number)), resolved["command"]!["arguments"]![2]!.AsArray().Count);
                lenses++;
            }
        }

        Assert.Equal(corpus.Truth.Count, lenses);
        Assert.True(corpus.Truth.Any(t => corpus.Truth.Count(u => u.Number == t.Number) > 1), "the corpus keeps some entry in two dumps");
    }

    [Fact]
    public async Task Highlights_are_every_occurrence_of_a_tag_and_the_header_and_references_of_an_entry_in_the_dump()
    {
        foreach (var file in TestData.CorpusFiles)
        {
            var text = corpus.Texts[file];
            var entries = corpus.Truth.Where(t => t.File == file).ToList();

            // The tag most used in the dump, from its first use.
            var tag = entries.SelectMany(e => e.Tags).GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            var carrier = entries.First(e => e.Tags.Contains(tag));
            var at = text.IndexOf("#" + tag, CorpusServerFixture.OffsetOf(text, carrier.TagLine, 0), StringComparison.Ordinal);
            var (line, character) = CorpusServerFixture.PositionOf(text, at + 1);
            var highlights = (await Client.ResultAsync("textDocument/documentHighlight", LspClient.DocPos(LspClient.Uri(file), line, character)))!.AsArray();
            Assert.Equal(entries.Count(e => e.Tags.Contains(tag)), highlights.Count);
            foreach (var h in highlights)
            {
                var start = CorpusServerFixture.OffsetOf(text, (int)h!["range"]!["start"]!["line"]!, (int)h["range"]!["start"]!["character"]!);
                var end = CorpusServerFixture.OffsetOf(text, (int)h["range"]!["end"]!["line"]!, (int)h["range"]!["end"]!["character"]!);
                Assert.Equal("#" + tag, text[start..end]);
            }

            // Every entry number referred to in the dump, from its first reference.
            foreach (var group in ListedReferences(file).GroupBy(r => r.Number))
            {
                var number = group.Key;
                var (rl, rc) = CorpusServerFixture.PositionOf(text, group.First().Match.Index + 1);
                var found = (await Client.ResultAsync("textDocument/documentHighlight", LspClient.DocPos(LspClient.Uri(file), rl, rc)))!.AsArray();
                var headers = entries.Count(e => e.Number == number);
                Assert.Equal(headers + group.Count(), found.Count);
                Assert.Equal(headers, found.Count(h => (int)h!["kind"]! == 3));
            }
        }
    }

    [Fact]
    public async Task Selection_expands_from_a_reference_to_its_line_the_comment_the_entry_and_the_document()
    {
        var checkedReferences = 0;
        foreach (var file in TestData.CorpusFiles)
        {
            var text = corpus.Texts[file];
            foreach (var (match, number) in ListedReferences(file).Take(3))
            {
                var (line, character) = CorpusServerFixture.PositionOf(text, match.Index + 1);
                var p = Doc(file);
                p["positions"] = new JsonArray(LspClient.Position(line, character));
                var chain = new List<(int Start, int End)>();
                for (JsonNode? range = (await Client.ResultAsync("textDocument/selectionRange", p))!.AsArray().Single(); range is not null; range = range["parent"])
                {
                    chain.Add((
                        CorpusServerFixture.OffsetOf(text, (int)range["range"]!["start"]!["line"]!, (int)range["range"]!["start"]!["character"]!),
                        CorpusServerFixture.OffsetOf(text, (int)range["range"]!["end"]!["line"]!, (int)range["range"]!["end"]!["character"]!)));
                }

                Assert.Contains(Number(number), text[chain[0].Start..chain[0].End], StringComparison.Ordinal);
                Assert.True(chain[0].End - chain[0].Start <= match.Length + 1);
                // The line, or the entry's part of it when a neighbour is glued on the same line; when that part is the
                // reference alone, the next range is the comment. The comment is there when the line lies inside it (a
                // line that also holds the summary is wider than the comment).
                var lineStart = text.LastIndexOf('\n', match.Index) + 1;
                var lineEnd = text.IndexOf('\n', match.Index) is var nl && nl < 0 ? text.Length : nl;
                var comment = text.LastIndexOf("Comment", match.Index, StringComparison.Ordinal);
                var onLine = chain[1].Start >= lineStart && chain[1].Start <= match.Index && chain[1].End <= lineEnd;
                Assert.True(onLine || chain[1].Start == comment, $"{Path.GetFileName(file)} ・{number}: {chain[1]} is neither on the line nor the comment");
                if (comment <= lineStart)
                {
                    Assert.Contains(chain, r => r.Start == comment);
                }

                Assert.Equal((0, text.Length), chain[^1]);
                for (var i = 1; i < chain.Count; i++)
                {
                    Assert.True(chain[i].Start <= chain[i - 1].Start && chain[i].End >= chain[i - 1].End && chain[i] != chain[i - 1], $"range {i} does not contain range {i - 1}");
                }

                checkedReferences++;
            }
        }

        Assert.True(checkedReferences >= 10, $"{checkedReferences} references checked");
    }

    [Fact]
    public async Task At_the_start_of_an_empty_line_a_new_entry_is_offered_with_today_and_the_next_free_number()
    {
        var file = TestData.CorpusFiles.First(f => f.EndsWith("memory.notes", StringComparison.Ordinal));
        var text = corpus.Texts[file];
        Assert.EndsWith("\n", text);
        var before = DateOnly.FromDateTime(DateTime.Now);
        var list = (await Client.ResultAsync("textDocument/completion", LspClient.DocPos(LspClient.Uri(file), text.Count(c => c == '\n'), 0)))!;
        var after = DateOnly.FromDateTime(DateTime.Now);
        var item = Assert.Single(list["items"]!.AsArray(), i => ((string)i!["label"]!).StartsWith("Issue Date:", StringComparison.Ordinal))!;
        var newText = (string)item["textEdit"]!["newText"]!;
        var next = corpus.Truth.Max(t => t.Number) + 1;
        Assert.Contains(newText, new[] { before, after }.Select(d => $"Issue Date: {d:yyyy-MM-dd} #{next} "));
    }

    [Fact]
    public async Task Tag_completion_also_matches_inside_a_name_ranked_by_use()
    {
        var uri = "untitled:Tags-by-substring";
        await Client.OpenAsync(uri, "Cat\n\n#sft");
        try
        {
            var items = (await Client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, 2, 4)))!["items"]!.AsArray();
            var labels = items.Select(i => (string)i!["label"]!).ToList();
            Assert.Contains(labels, l => l.Contains("Supervised-FineTuning (SFT)", StringComparison.Ordinal));

            // Ranked by use: among tags containing "t", the most used corpus tag comes before a rarer one.
            await Client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, 2, 1, 2, 4, "ang"));
            items = (await Client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, 2, 4)))!["items"]!.AsArray();
            var ranked = items.OrderBy(i => (string?)i!["sortText"] ?? (string)i!["label"]!, StringComparer.Ordinal).Select(i => ((string)i!["label"]!).TrimStart('#')).ToList();
            var uses = corpus.Truth.SelectMany(t => t.Tags).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
            var matching = uses.Keys.Where(k => k.Contains("ang", StringComparison.OrdinalIgnoreCase)).OrderByDescending(k => uses[k]).ToList();
            Assert.True(matching.Count >= 2, string.Join(", ", matching));
            Assert.Equal(matching[0], ranked[0]);
            Assert.True(ranked.IndexOf(matching[0]) < ranked.IndexOf(matching[^1]));
        }
        finally
        {
            await Client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        }
    }

    [Fact]
    public async Task Renaming_an_entry_number_edits_every_copy_and_every_reference_and_nothing_else()
    {
        var counts = corpus.Truth.SelectMany(t => t.Refs).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var target = corpus.Truth.Where(t => counts.ContainsKey(t.Number)).OrderByDescending(t => corpus.Truth.Count(u => u.Number == t.Number)).ThenByDescending(t => counts[t.Number]).First();
        var number = target.Number;
        var copies = corpus.Truth.Count(t => t.Number == number);
        var (file, reference) = TestData.CorpusFiles.SelectMany(f => ListedReferences(f).Where(r => r.Number == number).Select(r => (f, r.Match))).First();
        var (line, character) = CorpusServerFixture.PositionOf(corpus.Texts[file], reference.Index + 2);
        var at = LspClient.DocPos(LspClient.Uri(file), line, character);

        var prepared = (await Client.ResultAsync("textDocument/prepareRename", at))!;
        var range = prepared["range"] ?? prepared;
        var preparedStart = CorpusServerFixture.OffsetOf(corpus.Texts[file], (int)range["start"]!["line"]!, (int)range["start"]!["character"]!);
        Assert.Equal(reference.Index + 1, preparedStart);

        var free = corpus.Truth.Max(t => t.Number) + 100;
        var rename = at.DeepClone().AsObject();
        rename["newName"] = Number(free);
        var edit = (await Client.ResultAsync("textDocument/rename", rename))!;
        var edits = EditsByFile(edit);
        var editCount = 0;
        foreach (var (path, fileEdits) in edits)
        {
            var before = corpus.Texts[path];
            foreach (var e in fileEdits)
            {
                var start = CorpusServerFixture.OffsetOf(before, (int)e!["range"]!["start"]!["line"]!, (int)e["range"]!["start"]!["character"]!);
                var end = CorpusServerFixture.OffsetOf(before, (int)e["range"]!["end"]!["line"]!, (int)e["range"]!["end"]!["character"]!);
                Assert.Equal(Number(number), before[start..end]);
                Assert.Equal(Number(free), (string)e["newText"]!);
                Assert.True(before[start - 1] is '#' or '・', $"{Path.GetFileName(path)}: an edit after '{before[start - 1]}'");
                editCount++;
            }

            var after = NoteDocument.Parse(CorpusServerFixture.Apply(before, fileEdits));
            var entries = after.Entries().ToList();
            Assert.Equal(corpus.Truth.Count(t => t.File == path && t.Number == number), entries.Count(e => e.Syntax.Number == free));
            Assert.DoesNotContain(entries, e => e.Syntax.Number == number);
            Assert.Equal(corpus.Truth.Where(t => t.File == path).Sum(t => t.Refs.Count(r => r == number)), entries.Sum(e => e.Syntax.References.Count(r => r.Number == free)));
        }

        Assert.Equal(copies + counts[number], editCount);

        // From the header, the same edit; to a number in use, a refusal that says which entry has it.
        var header = corpus.Texts[target.File].Split('\n')[target.DateLine];
        var numberColumn = header.IndexOf("#" + Number(number), header.IndexOf("Issue Date:", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
        var fromHeader = LspClient.DocPos(LspClient.Uri(target.File), target.DateLine, numberColumn);
        fromHeader["newName"] = Number(free);
        Assert.Equal(editCount, EditsByFile((await Client.ResultAsync("textDocument/rename", fromHeader))!).Sum(f => f.Value.Count));

        var taken = corpus.Truth.First(t => t.Number != number);
        fromHeader["newName"] = Number(taken.Number);
        var refused = await Client.RequestAsync("textDocument/rename", fromHeader);
        Assert.Null(refused["result"]);
        Assert.Contains($"#{taken.Number} is already used", (string)refused["error"]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pulled_diagnostics_equal_pushed_ones_and_unchanged_dumps_report_unchanged()
    {
        var capabilities = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = false } },
            ["workspace"] = new JsonObject { ["diagnostics"] = new JsonObject { ["refreshSupport"] = true } },
        };
        var (pull, initialized) = await LspClient.StartInitializedAsync(TestData.CorpusDir, capabilities);
        await using var _p = pull;
        Assert.NotNull(initialized["capabilities"]!["diagnosticProvider"]);

        // Closed dumps: one full report each, with a result id; errors and warnings only (a valid corpus has none).
        var first = (await pull.ResultAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = new JsonArray() }))!["items"]!.AsArray();
        Assert.Equal(TestData.CorpusFiles.Select(LspClient.Uri).Order(StringComparer.Ordinal), first.Select(i => (string)i!["uri"]!).Order(StringComparer.Ordinal));
        Assert.All(first, i => Assert.Equal("full", (string?)i!["kind"]));
        Assert.All(first, i => Assert.Empty(i!["items"]!.AsArray()));

        // Given the ids of all but one, only that one is reported again.
        var ids = new JsonArray([.. first.Skip(1).Select(i => new JsonObject { ["uri"] = (string)i!["uri"]!, ["value"] = (string)i["resultId"]! })]);
        var second = (await pull.ResultAsync("workspace/diagnostic", new JsonObject { ["previousResultIds"] = ids }))!["items"]!.AsArray();
        Assert.Equal((string)first[0]!["uri"]!, (string)Assert.Single(second, i => (string?)i!["kind"] == "full")!["uri"]!);
        Assert.Equal(first.Count - 1, second.Count(i => (string?)i!["kind"] == "unchanged"));

        // Open dumps: what a pull reports is what a push publishes.
        var compared = 0;
        foreach (var file in TestData.CorpusFiles)
        {
            var uri = LspClient.Uri(file);
            await Client.OpenAsync(uri, corpus.Texts[file]);
            await pull.OpenAsync(uri, corpus.Texts[file]);
            var pushed = (await Client.WaitForDiagnosticsAsync(uri))["diagnostics"]!.AsArray();
            var report = (await pull.ResultAsync("textDocument/diagnostic", Doc(file)))!;
            Assert.Equal("full", (string?)report["kind"]);
            Assert.Equal(Canonical(pushed), Canonical(report["items"]!.AsArray()));
            compared += pushed.Count;

            var again = Doc(file);
            again["previousResultId"] = (string)report["resultId"]!;
            Assert.Equal("unchanged", (string?)(await pull.ResultAsync("textDocument/diagnostic", again))!["kind"]);
        }

        Assert.True(compared > 20, $"{compared} diagnostics compared");
        Assert.Empty(pull.Notifications("textDocument/publishDiagnostics"));
        Assert.Equal(0, await pull.ShutdownAsync());
    }

    private static List<string> Canonical(JsonArray diagnostics) =>
        [.. diagnostics.Select(d => $"{d!["range"]!.ToJsonString()} {d["severity"]} {d["code"]} {d["message"]}").Order(StringComparer.Ordinal)];

    /// <summary>A workspace edit's text edits by file, from <c>changes</c> or <c>documentChanges</c>.</summary>
    private static Dictionary<string, List<JsonNode?>> EditsByFile(JsonNode edit)
    {
        var result = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        if (edit["documentChanges"] is JsonArray documentChanges)
        {
            foreach (var change in documentChanges)
            {
                result[new Uri((string)change!["textDocument"]!["uri"]!).LocalPath] = [.. change["edits"]!.AsArray()];
            }
        }
        else
        {
            foreach (var (uri, edits) in edit["changes"]!.AsObject())
            {
                result[new Uri(uri).LocalPath] = [.. edits!.AsArray()];
            }
        }

        return result;
    }

    [GeneratedRegex(@"^(\d+) entr(?:y|ies) refers? to it · kept in (\d+) dumps?$")]
    private static partial Regex LensTitle();
}
