using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>The incremental-versus-full self-check, switched on in the server process by <c>NOTES_LSP_SELF_CHECK=1</c>.</summary>
public sealed class SelfCheckServerTests
{
    [Fact]
    public async Task With_the_environment_switch_the_server_checks_every_edit_and_reports_no_mismatch()
    {
        using var ws = new TempWorkspace();
        var environment = new Dictionary<string, string> { ["NOTES_LSP_SELF_CHECK"] = "1" };
        var (client, _) = await LspClient.StartInitializedAsync(ws.Root, environment: environment);
        await using var _c = client;
        await client.WaitForNotificationAsync("window/logMessage", p => ((string?)p["message"])!.StartsWith("Incremental self-check on", StringComparison.Ordinal));

        var uri = LspClient.Uri(Path.Combine(ws.Root, "edited.notes"));
        var model = File.ReadAllText(TestData.CorpusFiles.First(f => f.EndsWith("ContinualLearning.notes", StringComparison.Ordinal))).Replace("\r", string.Empty, StringComparison.Ordinal);
        await client.OpenAsync(uri, model);
        var random = new Random(13);
        var batch = new List<JsonObject>();
        for (var version = 2; version < 500; version++)
        {
            var (change, next) = TextModel.RandomEdit(model, random, uri, version);
            model = next;
            batch.Add(LspClient.Notification("textDocument/didChange", change));
        }

        await client.SendBatchAsync(batch);
        await ProtocolAbuseTests.AssertSameTextAsync(client, uri, model);
        var logs = string.Join('\n', client.Notifications("window/logMessage").Select(m => (string?)m["params"]!["message"]));
        Assert.DoesNotContain("differed from a full parse", client.Stderr + logs, StringComparison.Ordinal);
        Assert.Equal(0, await client.ShutdownAsync());
    }
}
