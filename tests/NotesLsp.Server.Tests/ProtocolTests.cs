using System.Text;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>The transport and lifecycle, including each StreamJsonRpc pitfall of the recipe.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public async Task Requests_before_initialize_get_32002()
    {
        await using var client = LspClient.Start();
        var response = await client.RequestAsync("textDocument/hover", LspClient.DocPos("file:///x.notes", 0, 0));
        Assert.Equal(-32002, (int)response["error"]!["code"]!);
        var init = await client.RequestAsync("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
        Assert.NotNull(init["result"]);
    }

    [Fact]
    public async Task Unknown_methods_get_32601_and_unknown_notifications_are_ignored()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        await client.NotifyAsync("$/somethingUnknown", new JsonObject());
        var response = await client.RequestAsync("notes/doesNotExist", new JsonObject());
        Assert.Equal(-32601, (int)response["error"]!["code"]!);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Shutdown_then_exit_exits_with_0()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        Assert.Equal(0, await client.ShutdownAsync());
        Assert.Equal(string.Empty, client.Stderr);
    }

    [Fact]
    public async Task Exit_without_shutdown_exits_with_1()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        await client.NotifyAsync("exit");
        Assert.Equal(1, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task Requests_after_shutdown_are_refused()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        Assert.Null((await client.RequestAsync("shutdown"))["error"]);
        var response = await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "x" });
        Assert.Equal(-32600, (int)response["error"]!["code"]!);
        await client.NotifyAsync("exit");
        Assert.Equal(0, await client.WaitForExitAsync());
    }

    [Fact]
    public async Task Initialize_reports_capabilities_and_negotiates_the_position_encoding()
    {
        var (client, result) = await LspClient.StartInitializedAsync(null, new JsonObject
        {
            ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-8", "utf-16") },
        });
        await using var _c = client;
        var caps = result["capabilities"]!;
        Assert.Equal("utf-8", (string?)caps["positionEncoding"]);
        Assert.Equal(2, (int)caps["textDocumentSync"]!["change"]!);
        foreach (var name in new[] { "hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider", "workspaceSymbolProvider", "documentFormattingProvider", "foldingRangeProvider" })
        {
            Assert.True((bool)caps[name]!, name);
        }

        Assert.Contains("#", caps["completionProvider"]!["triggerCharacters"]!.AsArray().Select(t => (string?)t));
        Assert.True((bool)caps["renameProvider"]!["prepareProvider"]!);
        Assert.Equal("quickfix", (string?)caps["codeActionProvider"]!["codeActionKinds"]![0]);
        Assert.True(caps["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.AsArray().Count >= 5);
        Assert.Equal("notes-lsp", (string?)result["serverInfo"]!["name"]);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task Params_bind_to_records_so_the_uri_arrives()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-binding/a.notes";
        await client.OpenAsync(uri, "Cat\n\n#NLP #Binding\nIssue Date: 2025-01-02 #7 Title, A+, X'25 Summary text\n");
        var symbols = (await client.ResultAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!.AsArray();
        Assert.Equal("Cat", (string?)symbols[0]!["name"]);
        Assert.Equal("Title", (string?)symbols[0]!["children"]![0]!["name"]);
        var diagnostics = await client.WaitForDiagnosticsAsync(uri);
        Assert.Equal(uri, (string?)diagnostics["uri"]);
    }

    [Fact]
    public async Task DidChange_then_completion_sent_together_sees_the_change()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-order/a.notes";
        await client.OpenAsync(uri, "Cat\n\n#Old\nIssue Date: 2025-01-02 #7 Title, A+, X'25 Summary text\n");

        // One write: the change adds a new entry with a new tag, then completion on a new tag line.
        var newEntry = "#Freshly Added\nIssue Date: 2025-01-03 #8 Other, B+, Y'25 Summary s\n#";
        var messages = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            messages.Add(LspClient.Notification("textDocument/didChange", LspClient.Change(uri, 2 + i, 0, 0, 0, 3, i % 2 == 0 ? "Cax" : "Cat")));
        }

        messages.Add(LspClient.Notification("textDocument/didChange", LspClient.Change(uri, 30, 3, 52, 3, 52, "\n" + newEntry)));
        messages.Add(client.NewRequest("textDocument/completion", LspClient.DocPos(uri, 6, 1), out var completion));
        await client.SendBatchAsync(messages);
        var items = (await completion)["result"]!["items"]!.AsArray();
        Assert.Contains(items, i => (string?)i!["label"] == "Freshly Added");
        Assert.Contains(items, i => (string?)i!["label"] == "Old");
    }

    [Fact]
    public async Task Cancel_request_yields_32800()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-cancel/big.notes";
        var text = new StringBuilder("Big\n\n");
        for (var i = 0; i < 40000; i++)
        {
            text.Append($"#T{i % 50} #NLP\nIssue Date: 2025-01-01 #{i + 1} Title number {i}, A+, X'25 Summary s{i}\n");
        }

        await client.OpenAsync(uri, text.ToString());
        Assert.NotNull(await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 1)));

        var request = client.NewRequest("workspace/symbol", new JsonObject { ["query"] = "zzz" }, out var response);
        await client.SendBatchAsync([request, LspClient.Notification("$/cancelRequest", new JsonObject { ["id"] = request["id"]!.DeepClone() })]);
        var error = (await response)["error"];
        Assert.NotNull(error);
        Assert.Equal(-32800, (int)error!["code"]!);

        // The session goes on.
        Assert.NotNull(await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Title number 39999" }));
    }

    [Fact]
    public async Task Errors_carry_no_stack_trace()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-errors/a.notes";
        await client.OpenAsync(uri, "Cat\n\n#NLP\nIssue Date: 2025-01-02 #7 Title, A+, X'25 Summary text\n");

        // A missing position fails inside the handler; a wrongly typed one fails in parameter binding.
        var internalError = await client.RequestAsync("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        var badParams = await client.RequestAsync("textDocument/hover", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = "top" });
        var rename = await client.RequestAsync("textDocument/rename", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["position"] = LspClient.Position(2, 2), ["newName"] = "a#b" });
        foreach (var response in new[] { internalError, badParams, rename })
        {
            var error = response["error"];
            Assert.NotNull(error);
            var json = error!.ToJsonString();
            Assert.DoesNotContain(" at ", json, StringComparison.Ordinal);
            Assert.DoesNotContain("stack", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(".cs:line", json, StringComparison.Ordinal);
        }

        Assert.Equal(-32603, (int)internalError["error"]!["code"]!);
        Assert.Equal(-32602, (int)badParams["error"]!["code"]!);
        Assert.Equal(-32602, (int)rename["error"]!["code"]!);
        Assert.NotNull(await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 1)));
    }

    [Fact]
    public async Task Malformed_json_gets_32700_and_the_session_goes_on()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        await using var _c = client;
        await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": "));
        var error = await client.WaitForNotificationAsync("(response)", r => r["error"] is not null);
        Assert.Equal(-32700, (int)error["error"]!["code"]!);
        Assert.Null(error["id"]);
        Assert.True(error.ContainsKey("id"));

        await client.SendRawAsync(Encoding.UTF8.GetBytes("[1, 2]"));
        var invalid = await client.WaitForNotificationAsync("(response)", r => (int?)r["error"]?["code"] != -32700);
        Assert.Equal(-32600, (int)invalid["error"]!["code"]!);

        var symbols = await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "x" });
        Assert.Null(symbols["error"]);
        Assert.Equal(0, await client.ShutdownAsync());
    }

    [Fact]
    public async Task SetTrace_is_accepted_and_stderr_stays_quiet()
    {
        var (client, _) = await LspClient.StartInitializedAsync(TestData.CorpusDir);
        await using var _c = client;
        await client.NotifyAsync("$/setTrace", new JsonObject { ["value"] = "verbose" });
        await client.NotifyAsync("$/setTrace", new JsonObject { ["value"] = "off" });
        Assert.NotNull(await client.ResultAsync("workspace/symbol", new JsonObject { ["query"] = "Knowledge" }));
        Assert.Equal(0, await client.ShutdownAsync());
        Assert.Equal(string.Empty, client.Stderr);
    }

    [Fact]
    public async Task Utf8_and_utf32_positions_convert_at_the_boundary()
    {
        // The second tag sits after an astral character (two UTF-16 units, one UTF-32 unit, four UTF-8 bytes).
        const string line3 = "Issue Date: 2025-01-02 #7 日本語のタイトル, A+, X'25 Summary 要約\n";
        var text = "Cat\n\n#😀tag #NLP\n" + line3 + "・7\n";
        foreach (var (encoding, nlpColumn) in new[] { ("utf-8", 9), ("utf-32", 6), ("utf-16", 7) })
        {
            var (client, result) = await LspClient.StartInitializedAsync(null, new JsonObject
            {
                ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray(encoding) },
            });
            await using var _c = client;
            Assert.Equal(encoding, (string?)result["capabilities"]!["positionEncoding"]);
            const string uri = "file:///tmp/notes-lsp-enc/a.notes";
            await client.OpenAsync(uri, text);
            var definition = (await client.ResultAsync("textDocument/definition", LspClient.DocPos(uri, 4, 1)))!.AsArray();
            var target = definition.Single()!["range"]!;
            Assert.Equal(3, (int)target["start"]!["line"]!);
            var titleUtf16 = line3.IndexOf("日本語", StringComparison.Ordinal);
            var expected = encoding == "utf-8" ? Encoding.UTF8.GetByteCount(line3[..titleUtf16]) : titleUtf16;
            Assert.Equal(expected, (int)target["start"]!["character"]!);
            var expectedEnd = encoding == "utf-8" ? Encoding.UTF8.GetByteCount(line3[..(titleUtf16 + 8)]) : titleUtf16 + 8;
            Assert.Equal(expectedEnd, (int)target["end"]!["character"]!);

            var hover = (await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, nlpColumn + 2)))!;
            Assert.Contains("NLP", (string?)hover["contents"]!["value"], StringComparison.Ordinal);
            Assert.Equal(nlpColumn, (int)hover["range"]!["start"]!["character"]!);
            Assert.Equal(nlpColumn + 4, (int)hover["range"]!["end"]!["character"]!);
        }
    }
}
