using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotesLsp.Server.Tests;

/// <summary>Diagnostics, edits, code actions, rename, formatting, file watching and configuration.</summary>
public sealed partial class EditingTests
{
    private const string Entry7 = "#NLP #Editing\nIssue Date: 2025-01-02 #7 Seven, A+, X'25 SummarySeven is here\n";

    private static JsonObject Doc(string uri) => new() { ["textDocument"] = new JsonObject { ["uri"] = uri } };

    private static string[] Codes(JsonObject diagnostics) => [.. diagnostics["diagnostics"]!.AsArray().Select(d => (string)d!["code"]!)];

    [Fact]
    public async Task Diagnostics_of_the_seed_arrive_on_open_and_follow_edits()
    {
        using var ws = new TempWorkspace();
        var seed = ws.Copy(TestData.SeedFile);
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        var uri = LspClient.Uri(seed);
        var text = File.ReadAllText(seed);
        await client.OpenAsync(uri, text);
        var first = await client.WaitForDiagnosticsAsync(uri);
        Assert.Equal(1, (int)first["version"]!);
        Assert.DoesNotContain("NL014", Codes(first)); // glued entries are normal: the rule is off by default

        // Break the first date: NL002 appears, with version 2.
        var lines = text.Split('\n');
        var dateLine = Array.FindIndex(lines, l => l.StartsWith("Issue Date: 2025-08-26", StringComparison.Ordinal));
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, dateLine, 12, dateLine, 22, "2025-8-26"));
        var broken = await client.WaitForDiagnosticsAsync(uri, d => d.Any(x => (string?)x!["code"] == "NL002"));
        Assert.Equal(2, (int)broken["version"]!);
        var nl002 = broken["diagnostics"]!.AsArray().First(x => (string?)x!["code"] == "NL002")!;
        Assert.Equal(dateLine, (int)nl002["range"]!["start"]!["line"]!);
        Assert.Equal(1, (int)nl002["severity"]!);

        // The quick fix restores the padding, leaving everything else as it is.
        var actions = await CodeActionsAsync(client, uri, dateLine);
        var fix = actions.First(a => (string?)a!["diagnostics"]![0]!["code"] == "NL002")!;
        Assert.Equal("quickfix", (string?)fix["kind"]);
        Assert.True((bool)fix["isPreferred"]!);
        var at = CorpusServerFixture.OffsetOf(text, dateLine, 12);
        var current = text[..at] + "2025-8-26" + text[(at + 10)..];
        var edits = fix["edit"]!["changes"]![uri]!.AsArray();
        Assert.Equal(text, CorpusServerFixture.Apply(current, edits));
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Diagnostics_are_republished_only_when_what_the_client_shows_changes()
    {
        using var ws = new TempWorkspace();
        var text = "Cat\n\n#NLP\nIssue Date: 2025-01-02 #1 One, A+, X'25 Summaryfirst line of the summary\nCommentsee\n・9999\n";
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        var uri = LspClient.Uri(Path.Combine(ws.Root, "a.notes"));
        await client.OpenAsync(uri, text);
        var first = await client.WaitForDiagnosticsAsync(uri);
        var unresolved = Assert.Single(first["diagnostics"]!.AsArray())!;
        Assert.Equal("NL011", (string?)unresolved["code"]);
        Assert.Equal(5, (int)unresolved["range"]!["start"]!["line"]!);

        // A character typed on the summary line moves no diagnostic: the answer to the next request reflects the
        // edit, and no publish follows.
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, 3, 50, 3, 50, "x"));
        var hover = await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 3, 30));
        Assert.NotNull(hover);
        await Task.Delay(500);
        Assert.True(!client.Notifications("textDocument/publishDiagnostics").Any(n => (int?)n["params"]!["version"] == 2), string.Join("\n", client.Notifications("textDocument/publishDiagnostics").Select(n => n.ToJsonString())));

        // A line break above the reference moves it: published again, one line lower.
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 3, 4, 0, 4, 0, "\n"));
        var moved = await client.WaitForDiagnosticsAsync(uri, d => d.Any(x => (int)x!["range"]!["start"]!["line"]! == 6));
        Assert.Equal(3, (int)moved["version"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Quick_fixes_for_near_miss_tags_and_the_glued_entry_rewrite_change_only_their_span()
    {
        using var ws = new TempWorkspace();
        var text = "Cat\n\n" + string.Concat(Enumerable.Range(1, 4).Select(i => $"#LanguageModel\nIssue Date: 2025-01-0{i} #{i} T{i}, A+, X'25 Summary s{i}\n"))
            + "#LanguageModle\nIssue Date: 2025-01-05 #5 T5, A+, X'25 Summary s5 end #LanguageModel Issue Date: 2025-01-06 #6 T6, A+, X'25 Summary s6\n";
        var path = ws.Write("a.notes", text);
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        var uri = LspClient.Uri(path);
        await client.OpenAsync(uri, text);
        var diagnostics = await client.WaitForDiagnosticsAsync(uri);
        Assert.Contains("NL012", Codes(diagnostics));
        Assert.DoesNotContain("NL014", Codes(diagnostics));

        var nearMiss = (await CodeActionsAsync(client, uri, 10)).Single(a => (string?)a!["diagnostics"]![0]!["code"] == "NL012")!;
        var fixedTag = CorpusServerFixture.Apply(text, nearMiss["edit"]!["changes"]![uri]!.AsArray());
        Assert.Equal(text.Replace("#LanguageModle", "#LanguageModel", StringComparison.Ordinal), fixedTag);

        // NL014 is off, so putting the glued entry on its own line is offered as a rewrite, with no diagnostic.
        var glued = (await CodeActionsAsync(client, uri, 11)).Single(a => (string?)a!["kind"] == "refactor.rewrite")!;
        Assert.Null(glued["diagnostics"]);
        var unglued = CorpusServerFixture.Apply(text, glued["edit"]!["changes"]![uri]!.AsArray());
        Assert.Equal(text.Replace("s5 end #LanguageModel", "s5 end\n#LanguageModel", StringComparison.Ordinal), unglued);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Formatting_puts_every_glued_entry_on_its_own_line_and_changes_nothing_else()
    {
        using var ws = new TempWorkspace();
        ws.Write("notes-lsp.json", "{ \"rules\": { \"glued-entry\": \"hint\" } }");
        foreach (var file in TestData.CorpusFiles)
        {
            ws.Copy(file);
        }

        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        foreach (var file in Directory.GetFiles(ws.Root, "*.notes"))
        {
            var text = File.ReadAllText(file);
            var edits = (await client.ResultAsync("textDocument/formatting", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(file) },
                ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true },
            }))!.AsArray();
            using var truth = TestData.Truth(Path.Combine(TestData.CorpusDir, Path.GetFileName(file)));
            var glued = truth.RootElement.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("tag_col").GetInt32() > 0);
            Assert.Equal(glued, edits.Count);
            var formatted = CorpusServerFixture.Apply(text, edits);
            Assert.Equal(text.Length, formatted.Length);
            Assert.Equal(text.Count(c => c == '\n') + glued, formatted.Count(c => c == '\n'));
            Assert.Equal(text.Replace('\n', ' '), formatted.Replace('\n', ' '));

            // Every entry now starts a line: its tag list (or Issue Date:) is at column 0.
            await client.OpenAsync(LspClient.Uri(file), formatted, 2);
            var diagnostics = await client.WaitForDiagnosticsAsync(LspClient.Uri(file), d => d.All(x => (string?)x!["code"] != "NL014"));
            Assert.DoesNotContain("NL014", Codes(diagnostics));
        }

        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Renaming_a_tag_edits_every_occurrence_in_the_workspace_with_versions()
    {
        using var ws = new TempWorkspace();
        foreach (var file in TestData.CorpusFiles)
        {
            ws.Copy(file);
        }

        var (client, _) = await LspClient.StartInitializedAsync(ws.Root, new JsonObject
        {
            ["workspace"] = new JsonObject { ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true } },
        });
        await using var _c = client;
        var opened = Path.Combine(ws.Root, "memory.notes");
        var openedText = File.ReadAllText(opened);
        await client.OpenAsync(LspClient.Uri(opened), openedText, 7);
        var offset = openedText.IndexOf("#KeyPoint Notes", StringComparison.Ordinal);
        var (line, character) = CorpusServerFixture.PositionOf(openedText, offset + 3);

        var prepare = (await client.ResultAsync("textDocument/prepareRename", LspClient.DocPos(LspClient.Uri(opened), line, character)))!;
        Assert.Equal("KeyPoint Notes", (string?)prepare["placeholder"]);
        Assert.Equal(character - 2, (int)prepare["range"]!["start"]!["character"]!);
        Assert.Null(await client.ResultAsync("textDocument/prepareRename", LspClient.DocPos(LspClient.Uri(opened), 0, 1)));

        var p = LspClient.DocPos(LspClient.Uri(opened), line, character);
        p["newName"] = "Key Points";
        var edit = (await client.ResultAsync("textDocument/rename", p))!;
        var changes = edit["documentChanges"]!.AsArray();
        var total = 0;
        foreach (var change in changes)
        {
            var uri = (string)change!["textDocument"]!["uri"]!;
            var file = new Uri(uri).LocalPath;
            var version = change["textDocument"]!["version"];
            Assert.Equal(file == opened ? 7 : null, (int?)version);
            var before = File.ReadAllText(file);
            var after = CorpusServerFixture.Apply(before, change["edits"]!.AsArray());
            Assert.Equal(before.Replace("#KeyPoint Notes", "#Key Points", StringComparison.Ordinal), after);
            total += change["edits"]!.AsArray().Count;
        }

        var expected = TestData.CorpusFiles.Sum(f => Regex.Matches(File.ReadAllText(f), "#KeyPoint Notes").Count);
        Assert.Equal(expected, total);
        Assert.True(changes.Count > 3);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Cross_file_diagnostics_update_when_another_document_changes()
    {
        using var ws = new TempWorkspace();
        var a = ws.Write("a.notes", "A\n\n#NLP\nIssue Date: 2025-01-02 #1 One, A+, X'25 Summary see\n・42\n");
        var b = ws.Write("b.notes", "B\n\n#NLP\nIssue Date: 2025-01-03 #2 Two, A+, X'25 Summary two\n");
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        var (ua, ub) = (LspClient.Uri(a), LspClient.Uri(b));
        await client.OpenAsync(ua, File.ReadAllText(a));
        await client.OpenAsync(ub, File.ReadAllText(b));
        Assert.Contains("NL011", Codes(await client.WaitForDiagnosticsAsync(ua, d => d.Count > 0)));

        // b's entry becomes #42: a's reference resolves, without a's text changing.
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(ub, 2, 3, 24, 3, 25, "42"));
        await client.WaitForDiagnosticsAsync(ua, d => d.All(x => (string?)x!["code"] != "NL011"));

        // And a duplicate number with a different title shows in both.
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(ua, 2, 3, 24, 3, 25, "42"));
        await client.WaitForDiagnosticsAsync(ub, d => d.Any(x => (string?)x!["code"] == "NL010"));
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL010"));
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task A_burst_of_edits_is_coalesced_and_unchanged_diagnostics_are_not_republished()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-burst/a.notes";
        await client.OpenAsync(uri, "Cat\n\n" + Entry7);
        await client.WaitForDiagnosticsAsync(uri);
        var before = client.Notifications("textDocument/publishDiagnostics").Count;

        // 200 edits in one write, alternately breaking and fixing the date, ending broken (version 201).
        // "2025-01-02" sits at columns 12..22 of line 3: "02" becomes "2" and back.
        var edits = Enumerable.Range(0, 200).Select(i => LspClient.Notification("textDocument/didChange", i % 2 == 0
            ? LspClient.Change(uri, 2 + i, 3, 20, 3, 22, "2")
            : LspClient.Change(uri, 2 + i, 3, 20, 3, 21, "02")));
        await client.SendBatchAsync([.. edits, LspClient.Notification("textDocument/didChange", LspClient.Change(uri, 202, 3, 20, 3, 22, "2"))]);
        // Requests are served after every earlier edit; then the last publication must show the final (broken) state.
        // It may carry an earlier version: a publication whose diagnostics equal the last one sent is skipped.
        Assert.NotNull(await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 1)));
        await Task.Delay(300);
        var last = client.Notifications("textDocument/publishDiagnostics").Select(n => n["params"]!).Last(p => (string?)p["uri"] == uri);
        Assert.Contains(last["diagnostics"]!.AsArray(), x => (string?)x!["code"] == "NL002");
        var published = client.Notifications("textDocument/publishDiagnostics").Count - before;
        Assert.True(published < 201, $"{published} publications for a burst of 201 edits");

        // Typing in the summary leaves the diagnostics as they are: nothing is published.
        var count = client.Notifications("textDocument/publishDiagnostics").Count;
        await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 203, 3, 60, 3, 60, " more words"));
        Assert.NotNull(await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 1)));
        await Task.Delay(300);
        Assert.Equal(count, client.Notifications("textDocument/publishDiagnostics").Count);
    }

    [Fact]
    public async Task Watched_file_changes_update_the_index()
    {
        using var ws = new TempWorkspace();
        var a = ws.Write("a.notes", "A\n\n#NLP\nIssue Date: 2025-01-02 #1 One, A+, X'25 Summary see\n・77\n");
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root, new JsonObject
        {
            ["workspace"] = new JsonObject { ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true } },
        });
        await using var _c = client;
        var ua = LspClient.Uri(a);
        await client.OpenAsync(ua, File.ReadAllText(a));
        Assert.Contains("NL011", Codes(await client.WaitForDiagnosticsAsync(ua, d => d.Count > 0)));
        var registration = Assert.Single(client.ServerRequests("client/registerCapability"));
        Assert.Equal("workspace/didChangeWatchedFiles", (string?)registration["params"]!["registrations"]![0]!["method"]);

        // A .txt notes file appears on disk and defines #77.
        var b = ws.Write("sub/b.txt", "B\n\n#NLP\nIssue Date: 2025-01-03 #77 Seventy-seven, A+, X'25 Summary b\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(b), ["type"] = 1 }) });
        await client.WaitForDiagnosticsAsync(ua, d => d.All(x => (string?)x!["code"] != "NL011"));
        var definition = (await client.ResultAsync("textDocument/definition", LspClient.DocPos(ua, 4, 1)))!.AsArray();
        Assert.Equal(LspClient.Uri(b), (string?)definition.Single()!["uri"]);

        // It changes to another number, then is deleted: the reference is unresolved again.
        File.WriteAllText(b, "B\n\n#NLP\nIssue Date: 2025-01-03 #78 Seventy-eight, A+, X'25 Summary b\n");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(b), ["type"] = 2 }) });
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL011"));
        Assert.Empty((await client.ResultAsync("textDocument/definition", LspClient.DocPos(ua, 4, 1)))!.AsArray());
        File.Delete(b);
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(b), ["type"] = 3 }) });
        var symbols = (await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Seventy" }))!.AsArray();
        Assert.Empty(symbols);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Workspace_folders_added_and_removed_are_indexed_and_dropped()
    {
        using var ws = new TempWorkspace();
        var a = ws.Write("one/a.notes", "A\n\n#NLP\nIssue Date: 2025-01-02 #1 One, A+, X'25 SummaryS\n・88\n");
        ws.Write("two/b.notes", "B\n\n#NLP\nIssue Date: 2025-01-03 #88 Eighty-eight, A+, X'25 SummaryS\n");
        var (client, _) = await LspClient.StartInitializedAsync(Path.Combine(ws.Root, "one"));
        await using var _c = client;
        var ua = LspClient.Uri(a);
        await client.OpenAsync(ua, File.ReadAllText(a));
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL011"));

        var two = new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(ws.Root, "two")), ["name"] = "two" };
        await client.NotifyAsync("workspace/didChangeWorkspaceFolders", new JsonObject
        {
            ["event"] = new JsonObject { ["added"] = new JsonArray(two.DeepClone()), ["removed"] = new JsonArray() },
        });
        await client.WaitForDiagnosticsAsync(ua, d => d.All(x => (string?)x!["code"] != "NL011"));

        await client.NotifyAsync("workspace/didChangeWorkspaceFolders", new JsonObject
        {
            ["event"] = new JsonObject { ["added"] = new JsonArray(), ["removed"] = new JsonArray(two.DeepClone()) },
        });
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL011"), skip: 1);
        Assert.Empty((await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Eighty" }))!.AsArray());
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Open_documents_override_disk_and_closing_restores_the_disk_copy()
    {
        using var ws = new TempWorkspace();
        var a = ws.Write("a.notes", "A\n\n#NLP\nIssue Date: 2025-01-02 #1 Disk title, A+, X'25 Summary s\n");
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root);
        await using var _c = client;
        var ua = LspClient.Uri(a);
        await client.OpenAsync(ua, "A\n\n#NLP\nIssue Date: 2025-01-02 #1 Editor title, A+, X'25 Summary s\n");
        Assert.Single((await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Editor title" }))!.AsArray());
        Assert.Empty((await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Disk title" }))!.AsArray());
        await client.NotifyAsync("textDocument/didClose", Doc(ua));
        Assert.Single((await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Disk title" }))!.AsArray());
        var cleared = await client.WaitForDiagnosticsAsync(ua, d => d.Count == 0);
        Assert.Empty(cleared["diagnostics"]!.AsArray());
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Configuration_comes_from_the_file_initialization_options_and_settings()
    {
        using var ws = new TempWorkspace();
        ws.Write("notes-lsp.json", "{ \"rules\": { \"NL014\": \"hint\" } }");
        var text = "A\n\nIssue Date: 2025-01-02 #1 One, A+, X'25 Summary s end #NLP Issue Date: 2025-01-03 #2 Two, A+, X'25 Summary t\n";
        var a = ws.Write("a.notes", text);
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root, new JsonObject
        {
            ["workspace"] = new JsonObject { ["didChangeWatchedFiles"] = new JsonObject { ["dynamicRegistration"] = true } },
        }, new JsonObject { ["rules"] = new JsonObject { ["missing-tags"] = "error" } });
        await using var _c = client;
        var ua = LspClient.Uri(a);
        await client.OpenAsync(ua, text);
        var first = await client.WaitForDiagnosticsAsync(ua);
        Assert.Contains("NL014", Codes(first));
        Assert.Equal(1, (int)first["diagnostics"]!.AsArray().First(d => (string?)d!["code"] == "NL004")!["severity"]!);

        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["notesLsp"] = new JsonObject { ["rules"] = new JsonObject { ["NL004"] = "warning" } } },
        });
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL004" && (int)x["severity"]! == 2));

        // Settings replace the initialization options: clearing them restores the default (hint), not the start-up override.
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject
        {
            ["settings"] = new JsonObject { ["notesLsp"] = new JsonObject { ["rules"] = new JsonObject() } },
        });
        await client.WaitForDiagnosticsAsync(ua, d => d.Any(x => (string?)x!["code"] == "NL004" && (int)x["severity"]! == 4));

        // The configuration file changes on disk: NL014 goes back to its default, off.
        ws.Write("notes-lsp.json", "{ \"rules\": {} }");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(ws.Root, "notes-lsp.json")), ["type"] = 2 }) });
        await client.WaitForDiagnosticsAsync(ua, d => d.All(x => (string?)x!["code"] != "NL014"));

        // An invalid configuration is reported to the user and ignored.
        ws.Write("notes-lsp.json", "{ \"rules\": { \"NL999\": \"off\" } }");
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(ws.Root, "notes-lsp.json")), ["type"] = 2 }) });
        var message = await client.WaitForNotificationAsync("window/showMessage");
        Assert.Contains("NL999", (string?)message["message"], StringComparison.Ordinal);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Indexing_reports_work_done_progress()
    {
        using var ws = new TempWorkspace();
        for (var i = 0; i < 30; i++)
        {
            ws.Write($"f{i}.notes", $"F{i}\n\n#NLP\nIssue Date: 2025-01-02 #{i + 1} T{i}, A+, X'25 Summary s\n");
        }

        ws.Write("not-notes.txt", "just text");
        ws.Write(".git/hidden.notes", "H\n");
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root, new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } });
        await using var _c = client;
        var end = await client.WaitForNotificationAsync("$/progress", p => (string?)p["value"]!["kind"] == "end");
        var create = Assert.Single(client.ServerRequests("window/workDoneProgress/create"));
        Assert.Equal(create["params"]!["token"]!.ToJsonString(), end["token"]!.ToJsonString());
        var progress = client.Notifications("$/progress").Select(n => n["params"]!["value"]!).ToList();
        Assert.Equal("begin", (string?)progress[0]!["kind"]);
        var percentages = progress.Where(v => (string?)v!["kind"] == "report").Select(v => (int)v!["percentage"]!).ToList();
        Assert.NotEmpty(percentages);
        Assert.Equal(percentages.Order(), percentages);
        Assert.Equal(100, percentages[^1]);
        Assert.Contains("30", (string?)end["value"]!["message"], StringComparison.Ordinal);
        Assert.Equal(30, (await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = string.Empty }))!.AsArray().Count);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Completion_after_a_bullet_lists_the_entry_numbers_that_start_with_the_typed_digits()
    {
        var (client, _) = await LspClient.StartInitializedAsync(TestData.CorpusDir);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-bullet/a.notes";
        await client.OpenAsync(uri, "Cat\n\n#NLP\nIssue Date: 2025-01-02 #7 Seven, A+, X'25 Summary s\n・52\n・");
        var numbers = TestData.CorpusFiles
            .SelectMany(f =>
            {
                using var truth = TestData.Truth(f);
                return truth.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("number").GetInt32()).ToList();
            })
            .Append(7).Distinct().ToList();

        var typed = (await client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, 4, 3)))!;
        var items = typed["items"]!.AsArray();
        var smith = items.Single(i => (string?)i!["label"] == "5217")!;
        Assert.Contains("KnowledgeSmith", (string?)smith["labelDetails"]!["description"], StringComparison.Ordinal);
        var range = smith["textEdit"]!["range"]!;
        Assert.Equal(1, (int)range["start"]!["character"]!);
        Assert.Equal(3, (int)range["end"]!["character"]!);
        Assert.Equal(numbers.Where(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture).StartsWith("52", StringComparison.Ordinal)).Order().Reverse().Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            items.Select(i => (string)i!["label"]!));

        // Nothing typed yet: the most recent (highest) numbers, capped, marked incomplete so typing asks again.
        var bare = (await client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, 5, 1)))!;
        Assert.True((bool)bare["isIncomplete"]!);
        Assert.Equal(numbers.Order().Reverse().Take(100).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), bare["items"]!.AsArray().Select(i => (string)i!["label"]!));

        // Not a tag list and not a bullet: nothing to complete.
        Assert.Null(await client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, 3, 40)));
    }

    private static async Task<JsonArray> CodeActionsAsync(LspClient client, string uri, int line)
    {
        var p = Doc(uri);
        p["range"] = new JsonObject { ["start"] = LspClient.Position(line, 0), ["end"] = LspClient.Position(line, 200) };
        p["context"] = new JsonObject { ["diagnostics"] = new JsonArray() };
        return (await client.ResultAsync("textDocument/codeAction", p))!.AsArray();
    }
}
