using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// The server never writes to disk: a copy of the corpus (made read-only, which root ignores, so every file's bytes,
/// size, mode and modification time and the whole listing are recorded too) goes through a long stdio session (indexing,
/// open, edits, formatting, code actions, rename, a watched-file change, save, close, shutdown), and nothing changed and
/// no file appeared.
/// </summary>
public sealed class ReadOnlyWorkspaceTests
{
    [Fact]
    [Trait("Category", "Unix")]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_substantial_session_changes_nothing_on_disk()
    {
        using var workspace = new TempWorkspace();
        var sub = Directory.CreateDirectory(Path.Combine(workspace.Root, "sub")).FullName;
        foreach (var file in TestData.CorpusFiles)
        {
            workspace.Copy(file);
        }

        var seed = workspace.Copy(TestData.SeedFile, Path.Combine("sub", "knowledge-editing.txt"));
        File.WriteAllText(Path.Combine(workspace.Root, "notes-lsp.json"), "{ \"rules\": { \"NL014\": \"hint\" } }");
        foreach (var entry in Directory.EnumerateFileSystemEntries(workspace.Root, "*", SearchOption.AllDirectories).Prepend(workspace.Root))
        {
            File.SetUnixFileMode(entry, Directory.Exists(entry)
                ? UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                : UnixFileMode.UserRead | UnixFileMode.GroupRead);
        }

        var before = Snapshot(workspace.Root);
        try
        {
            var (client, init) = await LspClient.StartInitializedAsync(workspace.Root, new JsonObject
            {
                ["window"] = new JsonObject { ["workDoneProgress"] = true },
                ["workspace"] = new JsonObject { ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true }, ["applyEdit"] = true },
            });
            await using (client)
            {
                await client.WaitForNotificationAsync("$/progress", p => (string?)p["value"]!["kind"] == "end", TimeSpan.FromSeconds(60));
                var memory = Path.Combine(workspace.Root, "memory.notes");
                var uri = LspClient.Uri(memory);
                var text = File.ReadAllText(memory);
                await client.OpenAsync(uri, text);
                await client.OpenAsync(LspClient.Uri(seed), File.ReadAllText(seed));

                // Edits: an unpadded date (NL002) and a near-miss tag (NL012) typed into the first lines.
                await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, 0, 0, 0, 0, "#NLP #LanguageModle\nIssue Date: 2024-1-5 #9001 A Paper, A. Author+, ACL'24 Summaryまとめ Comment感想\n"));
                var diagnostics = (await client.WaitForDiagnosticsAsync(uri, d => d.Any(x => (string?)x!["code"] == "NL002")))["diagnostics"]!.AsArray();

                var actions = await client.ResultAsync("textDocument/codeAction", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri },
                    ["range"] = new JsonObject { ["start"] = LspClient.Position(0, 0), ["end"] = LspClient.Position(12, 0) },
                    ["context"] = new JsonObject { ["diagnostics"] = diagnostics.DeepClone() },
                });
                Assert.NotEmpty(actions!.AsArray());
                foreach (var action in actions.AsArray().Where(a => a!["data"] is not null && a["edit"] is null))
                {
                    await client.RequestAsync("codeAction/resolve", action!.DeepClone());
                }

                var formatting = await client.ResultAsync("textDocument/formatting", new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri },
                    ["options"] = new JsonObject { ["tabSize"] = 2, ["insertSpaces"] = true },
                });
                Assert.NotEmpty(formatting!.AsArray());

                var tagLine = text.Split('\n').ToList().FindIndex(l => l.StartsWith("#NLP", StringComparison.Ordinal)) + 2;
                await client.RequestAsync("textDocument/prepareRename", LspClient.DocPos(uri, tagLine, 2));
                var rename = LspClient.DocPos(uri, tagLine, 2);
                rename["newName"] = "#NaturalLanguageProcessing";
                var renamed = await client.ResultAsync("textDocument/rename", rename);
                Assert.NotNull(renamed);

                foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/foldingRange", "textDocument/documentLink", "textDocument/semanticTokens/full" })
                {
                    await client.RequestAsync(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                }

                await client.RequestAsync("textDocument/completion", LspClient.DocPos(uri, 0, 1));
                await client.RequestAsync("textDocument/hover", LspClient.DocPos(uri, 1, 3));
                await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "Memory" });
                await client.NotifyAsync("workspace/didChangeWatchedFiles", new JsonObject
                {
                    ["changes"] = new JsonArray(
                        new JsonObject { ["uri"] = uri, ["type"] = 2 },
                        new JsonObject { ["uri"] = LspClient.Uri(Path.Combine(workspace.Root, "notes-lsp.json")), ["type"] = 2 }),
                });
                await client.NotifyAsync("textDocument/didSave", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                Assert.Equal(0, await client.ShutdownAsync());
                Assert.Empty(client.ServerRequests("workspace/applyEdit")); // edits go back to the client only as answers
            }
        }
        finally
        {
            var after = Snapshot(workspace.Root);
            foreach (var entry in Directory.EnumerateFileSystemEntries(workspace.Root, "*", SearchOption.AllDirectories).Prepend(workspace.Root))
            {
                File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, state) in before)
            {
                Assert.Equal((path, state), (path, after[path]));
            }
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static Dictionary<string, string> Snapshot(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Prepend(root))
        {
            var info = new FileInfo(entry);
            var isDirectory = Directory.Exists(entry);
            var content = isDirectory ? "dir" : Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(entry))) + " " + info.Length;
            result[Path.GetRelativePath(root, entry)] = $"{content} {File.GetUnixFileMode(entry)} {File.GetLastWriteTimeUtc(entry).Ticks}";
        }

        return result;
    }
}
