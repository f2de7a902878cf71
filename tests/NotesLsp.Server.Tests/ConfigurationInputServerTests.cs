using System.Text.Json.Nodes;
using NotesLsp.Testing;

namespace NotesLsp.Server.Tests;

/// <summary>
/// A broken notes-lsp.json at the workspace root, over stdio: the server says so once (window/showMessage with
/// file:line:col), publishes a diagnostic on the configuration file whose range covers the offending token, and keeps
/// serving the notes with the defaults.
/// </summary>
public sealed class ConfigurationInputServerTests
{
    [Theory]
    [MemberData(nameof(BrokenConfigs.Names), MemberType = typeof(BrokenConfigs))]
    public async Task A_broken_configuration_is_shown_and_diagnosed_at_its_token_and_the_server_keeps_working(string name)
    {
        var broken = BrokenConfigs.All.Single(c => c.Name == name);
        using var workspace = new TempWorkspace();
        var config = Path.Combine(workspace.Root, "notes-lsp.json");
        File.WriteAllBytes(config, broken.Bytes);
        var notes = workspace.Write("broken.notes", "Cat\n\n#NLP Issue Date: 2025-02-30 #77 Some Paper, Someone+, ACL'24 Summaryまとめ Comment感想\n");

        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root);
        await using (client)
        {
            var shown = await client.WaitForNotificationAsync("window/showMessage", p => ((string?)p["message"])!.Contains("notes-lsp.json", StringComparison.Ordinal));
            var message = (string)shown["message"]!;
            Assert.Contains($"{config}:{broken.Line}:{broken.Column}: ", message, StringComparison.Ordinal);
            Assert.Contains(broken.Message, message, StringComparison.Ordinal);

            var published = await client.WaitForDiagnosticsAsync(LspClient.Uri(config), d => d.Count > 0);
            var diagnostic = Assert.Single(published["diagnostics"]!.AsArray())!;
            var range = diagnostic["range"]!;
            Assert.Equal(
                (broken.Line - 1, broken.Column - 1, broken.Line - 1, broken.Column - 1 + broken.Length),
                ((int)range["start"]!["line"]!, (int)range["start"]!["character"]!, (int)range["end"]!["line"]!, (int)range["end"]!["character"]!));
            Assert.Equal(1, (int)diagnostic["severity"]!);
            Assert.Contains(broken.Message, (string)diagnostic["message"]!, StringComparison.Ordinal);

            // The notes are still served, with the default rules.
            await client.OpenAsync(LspClient.Uri(notes), File.ReadAllText(notes));
            var notesDiagnostics = await client.WaitForDiagnosticsAsync(LspClient.Uri(notes), d => d.Count > 0);
            Assert.Contains(notesDiagnostics["diagnostics"]!.AsArray(), d => (string?)d!["code"] == "NL003");
            Assert.Single(client.Notifications("window/showMessage"), n => ((string?)n["params"]!["message"])!.Contains("notes-lsp.json", StringComparison.Ordinal));
            Assert.Equal(0, await client.ShutdownAsync());
        }
    }

    [Fact]
    public async Task With_utf8_positions_the_configuration_diagnostic_counts_bytes()
    {
        var broken = BrokenConfigs.All.Single(c => c.Name.StartsWith("JSON error after Japanese text", StringComparison.Ordinal));
        using var workspace = new TempWorkspace();
        var config = Path.Combine(workspace.Root, "notes-lsp.json");
        File.WriteAllBytes(config, broken.Bytes);
        var capabilities = new JsonObject { ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-8") } };

        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root, capabilities);
        await using (client)
        {
            var published = await client.WaitForDiagnosticsAsync(LspClient.Uri(config), d => d.Count > 0);
            var start = Assert.Single(published["diagnostics"]!.AsArray())!["range"]!["start"]!;
            var line = System.Text.Encoding.UTF8.GetString(broken.Bytes).Split('\n')[broken.Line - 1];
            var utf8Column = System.Text.Encoding.UTF8.GetByteCount(line[..(broken.Column - 1)]);
            Assert.NotEqual(broken.Column - 1, utf8Column);
            Assert.Equal((broken.Line - 1, utf8Column), ((int)start["line"]!, (int)start["character"]!));
            Assert.Equal(0, await client.ShutdownAsync());
        }
    }
}
