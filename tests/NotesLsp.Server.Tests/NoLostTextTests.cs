using System.Text.Json.Nodes;
using NotesLsp.Syntax;
using Xunit.Abstractions;

namespace NotesLsp.Server.Tests;

/// <summary>
/// "No lost text": every code action, rename and formatting edit the real server proposes — on the seed, the corpus
/// and fuzzed copies of them — changes only the ranges it is meant to change. Edits are applied the way an editor
/// applies them (<see cref="EditorText"/>); what each edit is meant to change is derived from an independent parse.
/// </summary>
public sealed class NoLostTextTests(ITestOutputHelper output)
{
    private const int FuzzedDocuments = 80;

    private static readonly string[] ValidNames =
    [
        "言語モデル", "Key Points (KP)", "Admin's Pick", "Selected Papers/Blogs", "Emoji 🧠 Notes", "LLM-based Agents", "推論 (Reasoning)",
        "O’Reilly’s", "2025", "Issue Date", "Summary", "  Padded  ",
    ];

    /// <summary>
    /// Not tag names: '#', line breaks, <c>Issue Date:</c>, and names that would make a glued tag list look like
    /// prose (sentence punctuation, tabs, over 64 characters or 4 spaces), which would move tags into the previous entry.
    /// </summary>
    private static readonly string[] InvalidNames =
    [
        "Machine #Learning", "a#b", "#", "two\nlines", "two\r\nlines", "cr\ronly", "x Issue Date: y", "", "   ",
        "句点つき。", "LLM: Agents", "a, b", "（全角括弧）", new string('x', 65), "a b c d e f", "tab\tname",
    ];

    [Fact]
    public async Task NoLostText_code_actions_change_only_their_intended_ranges()
    {
        await using var session = await NoLostTextSession.StartAsync();
        foreach (var document in session.Documents(FuzzedDocuments))
        {
            await Describe(document, () => session.CheckCodeActionsAsync(document));
        }

        output.WriteLine(session.Report());
        Assert.True(session.Count("action NL012") > 0 && session.Count("action NL002") > 0 && session.Count("action unglue") > 0, session.Report());
    }

    [Fact]
    public async Task NoLostText_number_renames_change_exactly_the_numbers_of_copies_and_references_in_every_file()
    {
        await using var session = await NoLostTextSession.StartAsync();
        foreach (var document in session.Documents(FuzzedDocuments))
        {
            await Describe(document, async () =>
            {
                await session.OpenAsync(document);
                var numbers = document.Parse().Entries().Select(e => e.Syntax.Number).OfType<int>().Distinct().ToList();
                var random = new Random(document.Seed);
                foreach (var number in numbers.OrderBy(_ => random.Next()).Take(2))
                {
                    // Far above any number in the workspace, so never in use.
                    await session.CheckNumberRenameAsync(document, number, 900_000_000 + random.Next(1_000_000));
                }

                await session.CloseAsync(document);
            });
        }

        output.WriteLine(session.Report());
        Assert.True(session.Count("number rename") > 50 && session.Count("number rename edit") > session.Count("number rename"), session.Report());
    }

    [Fact]
    public async Task NoLostText_renames_change_exactly_the_tag_occurrences_in_every_file()
    {
        await using var session = await NoLostTextSession.StartAsync();
        var renamed = 0;
        foreach (var document in session.Documents(FuzzedDocuments))
        {
            await Describe(document, async () =>
            {
                await session.OpenAsync(document);
                var tags = document.Parse().Entries().SelectMany(e => e.Syntax.Tags).Select(t => t.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                var random = new Random(document.Seed);
                var sample = document.Fuzzed ? [.. tags.OrderBy(_ => random.Next()).Take(3)] : tags;
                foreach (var tag in sample)
                {
                    await session.CheckRenameAsync(document, tag, ValidNames[renamed++ % ValidNames.Length], random);
                }

                await session.CheckInvalidRenamesAsync(document, sample[0], InvalidNames);
                await session.CloseAsync(document);
            });
        }

        output.WriteLine(session.Report());
        Assert.True(session.Count("rename") > 300, session.Report());
    }

    [Fact]
    public async Task NoLostText_formatting_changes_only_glued_entry_breaks_and_is_idempotent()
    {
        await using var session = await NoLostTextSession.StartAsync();
        foreach (var document in session.Documents(FuzzedDocuments))
        {
            await Describe(document, () => session.CheckFormattingAsync(document));
        }

        output.WriteLine(session.Report());
        Assert.True(session.Count("formatting edit") > 100, session.Report());
    }

    /// <summary>
    /// Found by the rename property on Catastrophic_Forgetting.notes: `#LanguageModel` renamed to `句点つき。` in a tag
    /// list glued after prose. The name-only edit is exact, but the renamed list no longer looks like tags, so the
    /// entry loses them to the previous entry's comment. The server must refuse such a name.
    /// </summary>
    [Fact]
    public async Task NoLostText_rename_to_a_name_that_would_unglue_a_tag_list_is_refused()
    {
        const string Text = "Cat\n\n#NLP\nIssue Date: 2025-01-02 #1 One, A+, X'25 Summaryとのことである。 #NLP #LanguageModel #memory Issue Date: 2025-01-03 #2 Two, B+, Y'25 Summary t\n";
        using var workspace = new TempWorkspace();
        var path = workspace.Write("a.notes", Text);
        var naive = Text.Replace("#LanguageModel", "#句点つき。", StringComparison.Ordinal);
        Assert.Equal(["NLP", "LanguageModel", "memory"], NoteDocument.Parse(Text).Entries().Last().Syntax.Tags.Select(t => t.Name));
        Assert.Equal(["memory"], NoteDocument.Parse(naive).Entries().Last().Syntax.Tags.Select(t => t.Name));

        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root);
        await using var _c = client;
        var uri = LspClient.Uri(path);
        await client.OpenAsync(uri, Text);
        var request = LspClient.DocPos(uri, 3, Text.Split('\n')[3].IndexOf("#LanguageModel", StringComparison.Ordinal) + 3);
        request["newName"] = "句点つき。";
        var response = await client.RequestAsync("textDocument/rename", request);
        Assert.Equal(-32602, (int?)response["error"]?["code"]);
        request["newName"] = "言語モデル";
        var renamed = (await client.ResultAsync("textDocument/rename", request))!["changes"]![uri]!.AsArray();
        var after = NoteDocument.Parse(CorpusServerFixture.Apply(Text, renamed));
        Assert.Equal(["NLP", "言語モデル", "memory"], after.Entries().Last().Syntax.Tags.Select(t => t.Name));
        Assert.Equal(0, await client.ShutdownAsync());
    }

    private static async Task Describe(NoteSample document, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{document.Label}: {e.Message}", e);
        }
    }
}

/// <summary>A document under test: a workspace file, and the text the editor opens it with (the file's own or a fuzzed copy).</summary>
public sealed record NoteSample(string Path, string Text, string Label, int Seed, bool Fuzzed)
{
    public NoteDocument Parse() => NoteDocument.Parse(Text);
}

/// <summary>What the checks compare before and after an edit: every entry's number, title, date and tags.</summary>
public readonly record struct EntryFacts(int? Number, string Title, string? Date, string Tags)
{
    public static List<EntryFacts> Of(NoteDocument document) =>
        [.. document.Entries().Select(e => new EntryFacts(e.Syntax.Number, e.Syntax.Title, e.Syntax.DateText, string.Join(" #", e.Syntax.Tags.Select(t => t.Name))))];
}
