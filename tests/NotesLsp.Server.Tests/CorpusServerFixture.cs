using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotesLsp.Server.Tests;

/// <summary>One server indexing the shared corpus (read-only), with every corpus file opened once.</summary>
public sealed class CorpusServerFixture : IAsyncLifetime
{
    public LspClient Client { get; private set; } = null!;

    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every truth entry in the corpus: file, number, date line (0-based), tag line, title, tags.</summary>
    public List<TruthEntry> Truth { get; } = [];

    public static string Uri(string path) => LspClient.Uri(path);

    public async Task InitializeAsync()
    {
        var (client, _) = await LspClient.StartInitializedAsync(TestData.CorpusDir, new JsonObject
        {
            ["window"] = new JsonObject { ["workDoneProgress"] = true },
            ["workspace"] = new JsonObject { ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true } },
        });
        Client = client;
        foreach (var file in TestData.CorpusFiles)
        {
            Texts[file] = File.ReadAllText(file);
            using var truth = TestData.Truth(file);
            foreach (var e in truth.RootElement.GetProperty("entries").EnumerateArray())
            {
                Truth.Add(new TruthEntry(
                    file,
                    e.GetProperty("number").GetInt32(),
                    e.GetProperty("date_line").GetInt32() - 1,
                    e.GetProperty("tag_line").GetInt32() - 1,
                    e.GetProperty("title").GetString()!,
                    [.. e.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)],
                    [.. e.GetProperty("refs").EnumerateArray().Select(t => t.GetInt32())],
                    e.GetProperty("separator").GetString()!,
                    [.. e.GetProperty("xml_tags").EnumerateArray().Select(t => t.GetString()!)]));
            }
        }

        await Client.WaitForNotificationAsync("$/progress", p => (string?)p["value"]!["kind"] == "end");
    }

    public async Task DisposeAsync()
    {
        await Client.ShutdownAsync();
        await Client.DisposeAsync();
    }

    /// <summary>Line and UTF-16 character of an offset in a text.</summary>
    public static (int Line, int Character) PositionOf(string text, int offset)
    {
        var line = 0;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart);
    }

    public static int OffsetOf(string text, int line, int character)
    {
        var offset = 0;
        for (var l = 0; l < line; l++)
        {
            offset = text.IndexOf('\n', offset) + 1;
        }

        return offset + character;
    }

    /// <summary>Applies LSP text edits (non-overlapping, against the original text) to a text.</summary>
    public static string Apply(string text, IEnumerable<JsonNode?> edits)
    {
        var list = edits.Select(e => (
            Start: OffsetOf(text, (int)e!["range"]!["start"]!["line"]!, (int)e["range"]!["start"]!["character"]!),
            End: OffsetOf(text, (int)e["range"]!["end"]!["line"]!, (int)e["range"]!["end"]!["character"]!),
            Text: (string)e["newText"]!)).OrderByDescending(e => e.Start).ToList();
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(list[i].End <= list[i - 1].Start, "edits overlap");
        }

        foreach (var (start, end, newText) in list)
        {
            text = text[..start] + newText + text[end..];
        }

        return text;
    }

    public static IEnumerable<Match> References(string text) => Regex.Matches(text, "・([0-9]+)");
}

/// <summary>One entry of a dump's ground truth; <see cref="XmlTags"/> is the entry's whole tag set, its dump's category included.</summary>
public sealed record TruthEntry(string File, int Number, int DateLine, int TagLine, string Title, IReadOnlyList<string> Tags, IReadOnlyList<int> Refs, string Separator, IReadOnlyList<string> XmlTags);
