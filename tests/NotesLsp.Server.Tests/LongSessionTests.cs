using System.Globalization;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Leaks over a long session: thread count and resident memory of the server process after equal phases of edits
/// and requests. No timing assertion. <c>NOTES_LSP_SESSION_OPS</c> sets the operations per phase (default 3,000;
/// the long run by hand used 50,000 × 4 phases).
/// </summary>
public sealed class LongSessionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Threads_and_memory_stay_flat_over_thousands_of_edits_and_requests()
    {
        var perPhase = int.TryParse(Environment.GetEnvironmentVariable("NOTES_LSP_SESSION_OPS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 3_000;
        var phases = Math.Max(3, int.TryParse(Environment.GetEnvironmentVariable("NOTES_LSP_SESSION_PHASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 3);
        using var workspace = new TempWorkspace();
        foreach (var file in TestData.CorpusFiles)
        {
            workspace.Copy(file);
        }

        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root);
        await using var _c = client;
        var path = Path.Combine(workspace.Root, "ContinualLearning.notes");
        var uri = LspClient.Uri(path);
        var original = (await File.ReadAllTextAsync(path)).Replace("\r", string.Empty, StringComparison.Ordinal);
        var model = original;
        await client.OpenAsync(uri, model);
        var random = new Random(7);
        var version = 1;
        var samples = new List<(int Operations, long Threads, long RssKb)>();
        string[] methods = ["textDocument/hover", "textDocument/definition", "textDocument/documentSymbol", "textDocument/completion", "workspace/symbol", "textDocument/semanticTokens/full", "textDocument/references"];
        for (var phase = 0; phase < phases; phase++)
        {
            var pending = new List<Task<JsonObject>>();
            var batch = new List<JsonObject>();
            for (var i = 0; i < perPhase; i++)
            {
                // Keep the document near its original size: restore it now and then with a full-text change.
                if (i % 1000 == 999)
                {
                    model = original;
                    batch.Add(LspClient.Notification("textDocument/didChange", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = ++version },
                        ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = model }),
                    }));
                }
                else if (i % 2 == 0)
                {
                    var (change, next) = TextModel.RandomEdit(model, random, uri, ++version);
                    model = next;
                    batch.Add(LspClient.Notification("textDocument/didChange", change));
                }
                else
                {
                    var method = methods[(i / 2) % methods.Length];
                    var (line, character) = TextModel.PositionOf(model, random.Next(model.Length + 1));
                    JsonNode parameters = method == "workspace/symbol" ? new JsonObject { ["query"] = "Learning" } : LspClient.DocPos(uri, line, character);
                    if (method == "textDocument/references")
                    {
                        parameters["context"] = new JsonObject { ["includeDeclaration"] = true };
                    }

                    batch.Add(client.NewRequest(method, parameters, out var response));
                    pending.Add(response);
                }

                if (batch.Count >= 200)
                {
                    await client.SendBatchAsync(batch);
                    batch.Clear();
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }

            await client.SendBatchAsync(batch);
            await Task.WhenAll(pending);
            await ProtocolAbuseTests.AssertSameTextAsync(client, uri, model);
            var threads = ProtocolAbuseTests.ProcStatus(client.ProcessId, "Threads:");
            var rss = ProtocolAbuseTests.ProcStatus(client.ProcessId, "VmRSS:");
            samples.Add(((phase + 1) * perPhase, threads, rss));
            output.WriteLine($"after {(phase + 1) * perPhase,8} operations: {threads,3} threads, RSS {rss / 1024.0,7:F1} MB");
        }

        // Phase 0 warms up (JIT, caches, thread pool); then no phase may add threads or keep growing memory.
        var warm = samples[1];
        var last = samples[^1];
        Assert.True(last.Threads <= warm.Threads + 4, $"threads grew from {warm.Threads} to {last.Threads}: {string.Join(", ", samples)}");
        Assert.True(last.RssKb - warm.RssKb < warm.RssKb / 2, $"RSS grew from {warm.RssKb} KB to {last.RssKb} KB: {string.Join(", ", samples)}");
        Assert.Equal(0, await client.ShutdownAsync());
    }
}
