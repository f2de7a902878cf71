using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Workspace folders the server indexes that hold things it cannot read or that change under it. Whatever happens
/// to some files, indexing ends, what could not be read is named in a log line, and the rest answers correctly.
/// </summary>
public sealed class WorkspaceHazardTests
{
    private static readonly TimeSpan IndexingBound = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Category", "Unix")]
    public async Task A_directory_named_like_a_note_file_a_dangling_symlink_and_a_symlink_loop_are_logged_and_skipped()
    {
        using var workspace = new TempWorkspace();
        WriteEntries(workspace, "good.notes", 1, 3);
        Directory.CreateDirectory(Path.Combine(workspace.Root, "folder.notes"));
        WriteEntries(workspace, Path.Combine("folder.notes", "inside.notes"), 10, 2);
        File.CreateSymbolicLink(Path.Combine(workspace.Root, "gone.notes"), Path.Combine(workspace.Root, "missing-target.notes"));
        Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "folder.notes", "loop"), workspace.Root);

        await using var client = await StartIndexedAsync(workspace.Root);
        await AssertEntryAsync(client, 2, Path.Combine(workspace.Root, "good.notes"));
        await AssertEntryAsync(client, 11, Path.Combine(workspace.Root, "folder.notes", "inside.notes"));
        await AssertCrossFileDefinitionAsync(client, workspace, 11, Path.Combine(workspace.Root, "folder.notes", "inside.notes"));
        Assert.Contains("symlink loop", client.Stderr, StringComparison.Ordinal);
        Assert.True(
            client.Stderr.Contains("gone.notes", StringComparison.Ordinal),
            "SERVER BUG (LanguageServer.Load, being rewritten in main): a note file that cannot be read (here a dangling symlink; also a FIFO, a file deleted while indexing) is dropped without a log line, because Load catches IOException/UnauthorizedAccessException and returns null. Fix: log '{path}: cannot read: {message}' at warning level in that catch. stderr was:\n" + client.Stderr);
    }

    [Fact]
    [Trait("Category", "Unix")]
    public async Task A_fifo_named_like_a_note_file_blocks_neither_indexing_nor_a_reload()
    {
        using var workspace = new TempWorkspace();
        WriteEntries(workspace, "good.notes", 1, 3);
        var fifo = Path.Combine(workspace.Root, "pipe.notes");
        var fifoTxt = Path.Combine(workspace.Root, "pipe.txt");
        foreach (var path in new[] { fifo, fifoTxt })
        {
            using var mkfifo = Process.Start("mkfifo", [path]);
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        await using var client = LspClient.Start();
        Assert.True(await InitializeAndWaitForIndexAsync(client, workspace.Root, TimeSpan.FromSeconds(15)), "indexing blocked on a FIFO: " + client.Stderr);
        await AssertEntryAsync(client, 2, Path.Combine(workspace.Root, "good.notes"));

        // A watched-file change reloads on the server thread: a blocking open there would stop the whole server.
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject
        {
            ["changes"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(fifo), ["type"] = 2 }, new JsonObject { ["uri"] = LspClient.Uri(fifoTxt), ["type"] = 1 }),
        });
        var response = await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = Title(2) }, TimeSpan.FromSeconds(15));
        Assert.NotEmpty(response["result"]!.AsArray());
    }

    [Fact]
    public async Task Files_deleted_and_rewritten_while_indexing_leave_a_consistent_workspace()
    {
        using var workspace = new TempWorkspace();
        const int files = 2000;
        for (var i = 0; i < files; i++)
        {
            WriteEntries(workspace, FileName(i), 1000 + (i * 2), 2);
        }

        await using var client = LspClient.Start();
        using var stop = new CancellationTokenSource();
        var touched = new Dictionary<int, bool>();
        var churn = Task.Run(async () =>
        {
            var random = new Random(3);
            while (!stop.IsCancellationRequested)
            {
                // Never files 0..99: they stay as written, for the checks below.
                var i = 100 + random.Next(files - 100);
                var path = Path.Combine(workspace.Root, FileName(i));
                var delete = random.Next(2) == 0;
                try
                {
                    if (delete)
                    {
                        File.Delete(path);
                    }
                    else
                    {
                        File.WriteAllText(path, Entries(1000 + (i * 2), 2, "Rewritten"));
                    }

                    lock (touched)
                    {
                        touched[i] = delete;
                    }
                }
                catch (IOException)
                {
                }

                await Task.Yield();
            }
        });

        var indexed = await InitializeAndWaitForIndexAsync(client, workspace.Root, IndexingBound);
        await stop.CancelAsync();
        await churn;
        Assert.True(indexed, "indexing did not end while files were deleted and rewritten: " + client.Stderr);
        Assert.True(touched.Count > 10, $"the churn touched only {touched.Count} files");

        // The client's file watcher reports the changes; then the index equals the disk.
        var changes = new JsonArray([.. touched.Select(t => (JsonNode)new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(workspace.Root, FileName(t.Key))), ["type"] = t.Value ? 3 : 2 })]);
        await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject { ["changes"] = changes });
        await AssertEntryAsync(client, 1000 + 1, Path.Combine(workspace.Root, FileName(0)));
        foreach (var (i, deleted) in touched.Take(20))
        {
            var titles = await TitlesAsync(client, Title(1000 + (i * 2)));
            if (deleted)
            {
                Assert.DoesNotContain(titles, t => t.Uri == LspClient.Uri(Path.Combine(workspace.Root, FileName(i))));
            }
            else
            {
                Assert.Contains(titles, t => t.Name == "Rewritten " + Title(1000 + (i * 2)));
            }
        }

        await AssertCrossFileDefinitionAsync(client, workspace, 1000 + 3, Path.Combine(workspace.Root, FileName(1)));
    }

    [Fact]
    public async Task Invalid_utf8_a_bom_and_crlf_files_are_indexed_with_the_right_positions()
    {
        using var workspace = new TempWorkspace();
        var invalid = Path.Combine(workspace.Root, "invalid.notes");
        File.WriteAllBytes(invalid, [.. Encoding.UTF8.GetBytes(Entries(1, 1)), 0xFF, 0xFE, 0x80, .. Encoding.UTF8.GetBytes(Entries(2, 1)[4..])]);
        var bom = Path.Combine(workspace.Root, "bom.notes");
        File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Entries(3, 2))]);
        var crlf = Path.Combine(workspace.Root, "crlf.notes");
        File.WriteAllText(crlf, Entries(5, 3).Replace("\n", "\r\n", StringComparison.Ordinal));

        await using var client = await StartIndexedAsync(workspace.Root);
        await AssertEntryAsync(client, 1, invalid);
        await AssertEntryAsync(client, 2, invalid);
        await AssertEntryAsync(client, 4, bom);
        await AssertEntryAsync(client, 7, crlf);
        await AssertCrossFileDefinitionAsync(client, workspace, 7, crlf);
        await AssertCrossFileDefinitionAsync(client, workspace, 4, bom);
    }

    [Fact]
    public async Task Ten_thousand_small_files_and_a_100_MB_file_are_indexed()
    {
        using var workspace = new TempWorkspace();
        for (var i = 0; i < 10_000; i++)
        {
            WriteEntries(workspace, Path.Combine("many", FileName(i)), 100_000 + i, 1);
        }

        var corpus = File.ReadAllText(Path.Combine(TestData.CorpusDir, "ContinualLearning.notes"));
        var big = Path.Combine(workspace.Root, "big.notes");
        using (var writer = new StreamWriter(big, append: false, new UTF8Encoding(false)))
        {
            long written = 0;
            while (written < 100L * 1024 * 1024)
            {
                writer.Write(corpus);
                writer.Write('\n');
                written += Encoding.UTF8.GetByteCount(corpus) + 1;
            }

            writer.Write(Entries(99_999, 1)[4..]);
        }

        await using var client = await StartIndexedAsync(workspace.Root);
        await AssertEntryAsync(client, 100_000, Path.Combine(workspace.Root, "many", FileName(0)));
        await AssertEntryAsync(client, 109_999, Path.Combine(workspace.Root, "many", FileName(9999)));
        await AssertEntryAsync(client, 99_999, big);
        await AssertCrossFileDefinitionAsync(client, workspace, 105_000, Path.Combine(workspace.Root, "many", FileName(5000)));
        Assert.Contains("Indexed 10001 notes files", client.Stderr + string.Join('\n', client.Notifications("window/logMessage").Select(m => (string?)m["params"]!["message"])), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- helpers

    private static string FileName(int i) => string.Create(CultureInfo.InvariantCulture, $"f{i:D5}.notes");

    private static string Title(int number) => string.Create(CultureInfo.InvariantCulture, $"Hazard paper {number}");

    /// <summary>A dump with <paramref name="count"/> entries numbered from <paramref name="first"/>, titled by <see cref="Title"/>.</summary>
    private static string Entries(int first, int count, string prefix = "")
    {
        var text = new StringBuilder("Hazards\n\n");
        for (var n = first; n < first + count; n++)
        {
            text.Append(CultureInfo.InvariantCulture, $"#NLP #Hazard\nIssue Date: 2025-01-01 #{n} {(prefix.Length > 0 ? prefix + " " : string.Empty)}{Title(n)}, A+, ACL'24 Summary s{n}\n");
        }

        return text.ToString();
    }

    private static void WriteEntries(TempWorkspace workspace, string relative, int first, int count) => workspace.Write(relative, Entries(first, count));

    private static async Task<LspClient> StartIndexedAsync(string root)
    {
        var client = LspClient.Start();
        Assert.True(await InitializeAndWaitForIndexAsync(client, root, IndexingBound), "indexing did not end within " + IndexingBound + ": " + client.Stderr);
        return client;
    }

    /// <summary>Initializes with progress support; true when the indexing progress ended within the bound.</summary>
    private static async Task<bool> InitializeAndWaitForIndexAsync(LspClient client, string root, TimeSpan bound)
    {
        var p = new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = LspClient.Uri(root),
            ["capabilities"] = new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } },
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = LspClient.Uri(root), ["name"] = "hazards" }),
        };
        Assert.NotNull((await client.RequestAsync("initialize", p))["result"]);
        await client.NotifyAsync("initialized", new JsonObject());
        try
        {
            await client.WaitForNotificationAsync("$/progress", v => (string?)v["value"]!["kind"] == "end", bound);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<List<(string Name, string Uri, int Line)>> TitlesAsync(LspClient client, string query)
    {
        var result = (await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = query }))!.AsArray();
        return [.. result.Select(s => ((string)s!["name"]!, (string)s["location"]!["uri"]!, (int)s["location"]!["range"]!["start"]!["line"]!))];
    }

    /// <summary>Entry <paramref name="number"/> is found by workspace/symbol in <paramref name="path"/>, on its date line.</summary>
    private static async Task AssertEntryAsync(LspClient client, int number, string path)
    {
        var titles = await TitlesAsync(client, Title(number));
        var match = titles.Where(t => t.Name == Title(number) && t.Uri == LspClient.Uri(path)).ToList();
        Assert.True(match.Count == 1, $"entry {number} in {Path.GetFileName(path)}: {string.Join("; ", titles)}");
    }

    /// <summary>From a new open document, <c>・number</c> leads to the entry's title in <paramref name="path"/>.</summary>
    private static async Task AssertCrossFileDefinitionAsync(LspClient client, TempWorkspace workspace, int number, string path)
    {
        var uri = LspClient.Uri(Path.Combine(workspace.Root, "open-" + Guid.NewGuid().ToString("N")[..8] + ".notes"));
        await client.OpenAsync(uri, string.Create(CultureInfo.InvariantCulture, $"Open\n\n#NLP\nIssue Date: 2025-02-02 #1 Opener, B+, ACL'24 Summary s Comment\n・{number}\n"));
        var locations = (await client.ResultAsync("textDocument/definition", LspClient.DocPos(uri, 4, 1)))!.AsArray();
        var target = Assert.Single(locations);
        Assert.Equal(LspClient.Uri(path), (string?)target!["uri"]);
        var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var line = (int)target["range"]!["start"]!["line"]!;
        var character = (int)target["range"]!["start"]!["character"]!;
        Assert.StartsWith(Title(number), lines[line].TrimStart('\uFEFF')[character..], StringComparison.Ordinal);
        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
    }
}
