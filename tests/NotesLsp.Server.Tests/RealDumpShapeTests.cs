using System.Text.Json.Nodes;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Over stdio, the shapes of real dumps that the corpus itself does not show: an old entry with a short number
/// referred to as <c>・612Self-Refine…</c>, and an entry without a tag list glued after the previous entry's text.
/// Both are made from real corpus entries.
/// </summary>
public sealed class RealDumpShapeTests
{
    private static (string Text, EntryAt Old, EntryAt Tagless, int OldNumber) Build()
    {
        var source = File.ReadAllText(Path.Combine(TestData.CorpusDir, "KnowledgeEditing.notes"));
        var document = NoteDocument.Parse(source);
        var entries = document.Entries().ToList();

        // The second entry becomes an old one, #612.
        var old = entries[1];
        var number = old.Absolute(old.Syntax.NumberSpan!.Value);
        var text = source.Remove(number.Start, number.Length).Insert(number.Start, "#612");

        // The fourth loses its tag list (its only tag is the dump's category) and follows the third's text.
        document = NoteDocument.Parse(text);
        var tagged = document.Entries().ElementAt(3);
        var tagList = tagged.Absolute(tagged.Syntax.TagListSpan);
        var anchor = tagged.Start + tagged.Syntax.AnchorOffset;
        var previousEnd = tagList.Start;
        while (previousEnd > 0 && text[previousEnd - 1] is '\n' or '\r' or ' ')
        {
            previousEnd--;
        }

        text = string.Concat(text.AsSpan(0, previousEnd), " ", text.AsSpan(anchor));

        // The last entry's comment refers to both, and lists counts that are not references.
        var taglessNumber = tagged.Syntax.Number!.Value;
        text = text.TrimEnd('\n') + $"\n・612Self-Refineとの違いは反復の有無\n・8個の回答を比較\n・2-stepは遅い\n・{taglessNumber}\n";
        document = NoteDocument.Parse(text);
        return (text, document.Entries().Single(e => e.Syntax.Number == 612), document.Entries().Single(e => e.Syntax.Number == taglessNumber), taglessNumber);
    }

    [Fact]
    public async Task Short_references_and_tagless_entries_navigate_hover_and_outline_over_stdio()
    {
        var (text, old, tagless, taglessNumber) = Build();
        Assert.Empty(tagless.Syntax.Tags);
        using var workspace = new TempWorkspace();
        var path = workspace.Write("KnowledgeEditing.notes", text);
        var uri = LspClient.Uri(path);
        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root);
        await using var _c = client;
        await client.OpenAsync(uri, text);
        var diagnostics = (await client.WaitForDiagnosticsAsync(uri))["diagnostics"]!.AsArray();
        Assert.DoesNotContain(diagnostics, d => (int)d!["severity"]! <= 2);
        var lastLine = new EditorText(text).LineCount - 1;
        Assert.DoesNotContain(diagnostics, d => (string?)d!["code"] == "NL011" && (int)d["range"]!["start"]!["line"]! >= lastLine - 4);

        var editor = new EditorText(text);
        JsonObject At(string needle, int delta) => PositionAt(editor, text.LastIndexOf(needle, StringComparison.Ordinal) + delta);

        // F12 on ・612Self-Refine lands on #612's header; hover names it.
        var definition = (await client.ResultAsync("textDocument/definition", DocPos(uri, At("・612Self", 2))))!.AsArray();
        var target = Assert.Single(definition)!;
        Assert.Equal((int)editor.PositionAt(old.Start + old.Syntax.AnchorOffset)["line"]!, (int)target["range"]!["start"]!["line"]!);
        var hover = await client.ResultAsync("textDocument/hover", DocPos(uri, At("・612Self", 2)));
        Assert.Contains(old.Syntax.Title, (string)hover!["contents"]!["value"]!, StringComparison.Ordinal);

        // Counts are not references.
        foreach (var count in new[] { "・8個", "・2-step" })
        {
            Assert.Null(await client.ResultAsync("textDocument/hover", DocPos(uri, At(count, 1))));
            var none = await client.ResultAsync("textDocument/definition", DocPos(uri, At(count, 1)));
            Assert.True(none is null || none.AsArray().Count == 0, $"{count} has a definition");
        }

        // The tagless entry glued mid-line is an entry: in the outline, and the target of its reference.
        var category = Assert.Single((await client.ResultAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!.AsArray())!;
        var symbols = category["children"]!.AsArray();
        Assert.Equal(NoteDocument.Parse(text).EntryCount, symbols.Count);
        Assert.Contains(symbols, s => ((string)s!["name"]!).Contains(tagless.Syntax.Title, StringComparison.Ordinal));
        var toTagless = (await client.ResultAsync("textDocument/definition", DocPos(uri, At("・" + taglessNumber, 2))))!.AsArray();
        var anchorLine = (int)editor.PositionAt(tagless.Start + tagless.Syntax.AnchorOffset)["line"]!;
        Assert.Equal(anchorLine, (int)Assert.Single(toTagless)!["range"]!["start"]!["line"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    private static JsonObject PositionAt(EditorText editor, int offset) => editor.PositionAt(offset);

    private static JsonObject DocPos(string uri, JsonObject position) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = position,
    };
}
