using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotesLsp.Server.Tests;

/// <summary>
/// What the editor shows beside the text (inlay hints, code lenses) follows the <c>notesLsp</c> settings, and the new-entry
/// completion keeps its place in the client's filtered list while <c>Issue Date:</c> is typed.
/// </summary>
public sealed class EditorSettingsTests
{
    private const string Dump = "Cat\n\n#NLP\nIssue Date: 2025-01-02 #7 A Rather Long Title About Knowledge Editing In Language Models, A+, X'25 Summary text Comment\n・7 を参照\n";

    private static JsonObject RefreshCapabilities(bool refresh) => new()
    {
        ["workspace"] = new JsonObject
        {
            ["inlayHint"] = new JsonObject { ["refreshSupport"] = refresh },
            ["codeLens"] = new JsonObject { ["refreshSupport"] = refresh },
        },
    };

    private static JsonObject Settings(JsonObject section) => new() { ["settings"] = new JsonObject { ["notesLsp"] = section } };

    private static JsonObject InlayHintParams(string uri) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["range"] = new JsonObject { ["start"] = LspClient.Position(0, 0), ["end"] = LspClient.Position(10, 0) },
    };

    private static async Task<int> WaitForServerRequestsAsync(LspClient client, string method, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (client.ServerRequests(method).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} {method} request(s) expected, {client.ServerRequests(method).Count} arrived");
            await Task.Delay(20);
        }

        return client.ServerRequests(method).Count;
    }

    [Fact]
    public async Task Changed_inlay_hint_settings_ask_the_client_to_refresh_hints_and_lenses()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null, RefreshCapabilities(refresh: true));
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-settings/a.notes";
        await client.OpenAsync(uri, Dump);
        await client.WaitForDiagnosticsAsync(uri);

        var hint = Assert.Single((await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri)))!.AsArray())!;
        Assert.Equal("A Rather Long Title About Knowledge Edit…", (string?)hint["label"]);
        Assert.Equal(4, (int)hint["position"]!["line"]!);
        Assert.Equal(2, (int)hint["position"]!["character"]!);
        var hintRefreshes = client.ServerRequests("workspace/inlayHint/refresh").Count;
        var lensRefreshes = client.ServerRequests("workspace/codeLens/refresh").Count;

        // Hints off: the client is asked to fetch hints and lenses again, and there are none.
        await client.NotifyAsync("workspace/didChangeConfiguration", Settings(new JsonObject { ["inlayHints"] = new JsonObject { ["enabled"] = false } }));
        hintRefreshes = await WaitForServerRequestsAsync(client, "workspace/inlayHint/refresh", hintRefreshes + 1);
        lensRefreshes = await WaitForServerRequestsAsync(client, "workspace/codeLens/refresh", lensRefreshes + 1);
        var none = await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri));
        Assert.True(none is null || none.AsArray().Count == 0, none?.ToJsonString());

        // On again with a shorter length: another refresh, and the title is cut at 8 characters.
        await client.NotifyAsync("workspace/didChangeConfiguration", Settings(new JsonObject { ["inlayHints"] = new JsonObject { ["enabled"] = true, ["maxLength"] = 8 } }));
        hintRefreshes = await WaitForServerRequestsAsync(client, "workspace/inlayHint/refresh", hintRefreshes + 1);
        lensRefreshes = await WaitForServerRequestsAsync(client, "workspace/codeLens/refresh", lensRefreshes + 1);
        hint = Assert.Single((await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri)))!.AsArray())!;
        Assert.Equal("A Rather…", (string?)hint["label"]);

        // The same settings again, with only a rule changed: nothing the views show changed, so no refresh.
        await client.NotifyAsync("workspace/didChangeConfiguration", Settings(new JsonObject
        {
            ["inlayHints"] = new JsonObject { ["enabled"] = true, ["maxLength"] = 8 },
            ["rules"] = new JsonObject { ["NL009"] = "off" },
        }));
        Assert.NotNull(await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri)));
        await Task.Delay(300);
        Assert.Equal(hintRefreshes, client.ServerRequests("workspace/inlayHint/refresh").Count);
        Assert.Equal(lensRefreshes, client.ServerRequests("workspace/codeLens/refresh").Count);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Settings_pulled_with_workspace_configuration_also_refresh_and_clients_without_refresh_support_are_not_asked()
    {
        // A client that pulls settings (didChangeConfiguration with null settings) and can refresh hints only.
        var caps = RefreshCapabilities(refresh: false);
        caps["workspace"]!["inlayHint"]!["refreshSupport"] = true;
        caps["workspace"]!["configuration"] = true;
        var (client, _) = await LspClient.StartInitializedAsync(null, caps);
        await using var _c = client;
        var enabled = true;
        client.ServerRequestHandler = request => (string?)request["method"] == "workspace/configuration"
            ? new JsonArray(new JsonObject { ["inlayHints"] = new JsonObject { ["enabled"] = enabled } })
            : null;
        const string uri = "file:///tmp/notes-lsp-settings-pull/a.notes";
        await client.OpenAsync(uri, Dump);
        Assert.Single((await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri)))!.AsArray());

        // Counted from here: the server may also have pulled the settings once at start-up.
        var pulls = client.ServerRequests("workspace/configuration").Count;
        var refreshes = client.ServerRequests("workspace/inlayHint/refresh").Count;
        enabled = false;
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
        await WaitForServerRequestsAsync(client, "workspace/configuration", pulls + 1);
        await WaitForServerRequestsAsync(client, "workspace/inlayHint/refresh", refreshes + 1);
        var none = await client.ResultAsync("textDocument/inlayHint", InlayHintParams(uri));
        Assert.True(none is null || none.AsArray().Count == 0, none?.ToJsonString());
        await Task.Delay(300);
        Assert.Empty(client.ServerRequests("workspace/codeLens/refresh"));
        Assert.Equal(0, await client.ShutdownAsync());
    }

    /// <summary>The new-entry completion on an empty line after an entry, with what was typed of <c>Issue Date:</c>.</summary>
    [Theory]
    [InlineData("", true)]
    [InlineData("I", true)]
    [InlineData("Iss", true)]
    [InlineData("iss", false)]
    [InlineData("Issue", false)]
    public async Task New_entry_completion_filters_on_Issue_Date_and_inserts_an_entry_the_server_parses(string typed, bool snippets)
    {
        var capabilities = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = snippets } } },
        };
        var (client, _) = await LspClient.StartInitializedAsync(null, capabilities);
        await using var _c = client;
        var uri = $"file:///tmp/notes-lsp-new-entry/{(typed.Length == 0 ? "empty" : typed)}-{snippets}.notes";
        var text = Dump + "\n" + typed;
        await client.OpenAsync(uri, text);
        var lines = text.Split('\n');
        var line = lines.Length - 1;

        var list = (await client.ResultAsync("textDocument/completion", LspClient.DocPos(uri, line, typed.Length)))!;
        var item = Assert.Single(list["items"]!.AsArray(), i => ((string)i!["label"]!).StartsWith("Issue Date:", StringComparison.Ordinal))!;
        Assert.Equal("Issue Date:", (string?)item["filterText"]);
        var edit = item["textEdit"]!;
        Assert.Equal(line, (int)edit["range"]!["start"]!["line"]!);
        Assert.Equal(0, (int)edit["range"]!["start"]!["character"]!);
        Assert.Equal(typed.Length, (int)edit["range"]!["end"]!["character"]!);

        // The client filters with the word typed so far and goes on filtering as more is typed: every prefix keeps it.
        var filter = (string)item["filterText"]!;
        foreach (var more in new[] { typed, "Issu", "Issue Date" })
        {
            Assert.StartsWith(more, filter, StringComparison.OrdinalIgnoreCase);
        }

        // Accept it and fill it in: the snippet's placeholders (title, author, venue, summary) as a person tabs through
        // them; a plain item is completed by hand.
        var newText = (string)edit["newText"]!;
        string[] typedValues = ["Typed Title", "Some Author", "ACL'26", "要約"];
        var inserted = snippets
            ? Regex.Replace(newText, @"\$\{(\d+)(?::[^}]*)?\}", m => m.Groups[1].Value == "0" ? string.Empty : typedValues[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]).Replace("\\$", "$", StringComparison.Ordinal)
            : newText + "Typed Title, Some Author+, ACL'26 Summary要約 Comment";
        Assert.Equal(snippets, newText.Contains("${1:", StringComparison.Ordinal));
        Assert.Equal(snippets ? 2 : null, (int?)item["insertTextFormat"]);
        Assert.Matches(@"^Issue Date: \d{4}-\d{2}-\d{2} #8 ", newText);
        if (snippets)
        {
            // Accepted as offered (every placeholder left at its default), the entry still reads as title, author, venue.
            var asOffered = Regex.Replace(newText, @"\$\{\d+(?::([^}]*))?\}", m => m.Groups[1].Value).Replace("\\$", "$", StringComparison.Ordinal);
            var offered = NotesLsp.Syntax.NoteDocument.Parse(Dump + "\n" + asOffered).Entries().Last().Syntax;
            Assert.Equal("Title", offered.Title);
            Assert.NotNull(offered.VenueSpan);
        }

        await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, line, 0, line, typed.Length, inserted));

        // The server sees a second entry, #8, whose header is what was inserted, with no error on it.
        var symbols = (await client.ResultAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!.AsArray();
        var entries = symbols[0]!["children"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.Equal("Typed Title", (string?)entries[1]!["name"]);
        Assert.Equal(line, (int)entries[1]!["selectionRange"]!["start"]!["line"]!);
        var report = (await client.ResultAsync("textDocument/diagnostic", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!;
        Assert.DoesNotContain(report["items"]!.AsArray(), d => (int)d!["severity"]! == 1);
        Assert.Equal(0, await client.ShutdownAsync());
    }
}
