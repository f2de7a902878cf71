using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// A misbehaving client against the real server process: broken framing, closed input, impossible positions,
/// unknown documents, versions out of order and bursts. Every case ends with a real request to show the server
/// still serves (or with the process's exit where the session cannot go on).
/// </summary>
public sealed class ProtocolAbuseTests
{
    private const string Sample = "Cat\n\n#NLP #Tail\nIssue Date: 2025-01-02 #7 Title, A+, X'25 Summary text\n・7";

    private static readonly string CorpusFile = Path.Combine(TestData.CorpusDir, "ContinualLearning.notes");

    // ---------------------------------------------------------------- framing

    [Fact]
    public async Task Content_length_shorter_than_the_body_gets_one_32700_and_the_next_message_is_read()
    {
        var client = await StartAsync();
        await using var _c = client;
        var body = Encoding.UTF8.GetBytes(Request(900, "textDocument/hover", LspClient.DocPos("file:///x.notes", 0, 0)).ToJsonString());
        await client.SendBytesAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length - 10}\r\n\r\n"), .. body]);

        await AssertServesAsync(client);
        Assert.Equal([-32700], ParseErrors(client));
    }

    [Fact]
    public async Task Content_length_longer_than_the_body_swallows_no_following_message()
    {
        var client = await StartAsync();
        await using var _c = client;
        var body = Encoding.UTF8.GetBytes(LspClient.Notification("$/unknown", new JsonObject()).ToJsonString());
        var first = client.NewRequest("textDocument/hover", LspClient.DocPos(LspClient.Uri(CorpusFile), 2, 1), out var firstResponse);
        var second = client.NewRequest("workspace/symbol", new JsonObject { ["query"] = "SKILL0" }, out var secondResponse);
        await OpenCorpusFileAsync(client);
        await client.SendBytesAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length + 40}\r\n\r\n"), .. body, .. LspClient.Frame(first), .. LspClient.Frame(second)]);

        Assert.Contains("NLP", (string?)(await firstResponse)["result"]!["contents"]!["value"], StringComparison.Ordinal);
        Assert.NotEmpty((await secondResponse)["result"]!.AsArray());
        Assert.Equal([-32700], ParseErrors(client));
    }

    [Theory]
    [InlineData("Content-Length: abc\r\n\r\n", "not a non-negative integer")]
    [InlineData("Content-Length: -12\r\n\r\n", "not a non-negative integer")]
    [InlineData("Content-Length: 12x\r\n\r\n", "not a non-negative integer")]
    [InlineData("Content-Length:\r\n\r\n", "not a non-negative integer")]
    [InlineData("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n", "no Content-Length")]
    [InlineData("Content-Length: 20\r\nContent-Length: 30\r\n\r\n", "more than one Content-Length")]
    [InlineData("garbage without a colon\r\n\r\n", "malformed header line")]
    [InlineData("Content-Length: 1000000000000\r\n\r\n", "exceeds the limit of 268435456 bytes")]
    [InlineData("Content-Length: 99999999999999999999999999\r\n\r\n", "exceeds the limit of 268435456 bytes")]
    [InlineData("Content-Length: 268435457\r\n\r\n", "exceeds the limit of 268435456 bytes")]
    public async Task A_bad_header_gets_32700_and_the_stream_resynchronises_on_the_next_header(string header, string logged)
    {
        var client = await StartAsync();
        await using var _c = client;
        var body = Encoding.UTF8.GetBytes(Request(901, "workspace/symbol", new JsonObject { ["query"] = "x" }).ToJsonString());
        await client.SendBytesAsync([.. Encoding.ASCII.GetBytes(header), .. body]);

        await AssertServesAsync(client);
        Assert.Equal([-32700], ParseErrors(client));
        Assert.Contains(logged, client.Stderr, StringComparison.Ordinal);

        // A claimed length is never allocated up front.
        Assert.True(ResidentMegabytes(client.ProcessId) < 400, $"RSS {ResidentMegabytes(client.ProcessId)} MB");
    }

    [Fact]
    public async Task Garbage_before_a_header_and_a_header_that_never_ends_are_skipped()
    {
        var client = await StartAsync();
        await using var _c = client;
        await OpenCorpusFileAsync(client);
        var hover = client.NewRequest("textDocument/hover", LspClient.DocPos(LspClient.Uri(CorpusFile), 2, 1), out var hoverResponse);
        await client.SendBytesAsync([.. "}}\"stray bytes"u8, .. LspClient.Frame(hover)]);
        Assert.NotNull((await hoverResponse)["result"]);

        await client.SendBytesAsync(Encoding.ASCII.GetBytes(new string('x', 20_000)));
        await AssertServesAsync(client);
        Assert.Equal([-32700, -32700], ParseErrors(client));
        Assert.Contains("no end of headers within 8192 bytes", client.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_document_is_accepted_diagnosed_and_the_server_stays_responsive()
    {
        var client = await StartAsync();
        await using var _c = client;
        var entries = File.ReadAllText(CorpusFile);
        var text = new StringBuilder(60_000_000);
        while (text.Length < 50_000_000)
        {
            text.Append(entries).Append('\n');
        }

        const string uri = "file:///tmp/notes-lsp-abuse/huge.notes";
        var open = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "notes", ["version"] = 1, ["text"] = text.ToString() },
        };
        var body = Encoding.UTF8.GetBytes(LspClient.Notification("textDocument/didOpen", open).ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.True(body.Length > 50_000_000, $"{body.Length} bytes");
        await client.SendBytesAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);

        var diagnostics = await client.WaitForDiagnosticsAsync(uri, timeout: TimeSpan.FromSeconds(90));
        Assert.Equal(1, (int)diagnostics["version"]!);
        var linesPerCopy = entries.Count(c => c == '\n') + 1;
        var copies = text.Length / (entries.Length + 1);
        foreach (var line in new[] { 2, ((copies - 1) * linesPerCopy) + 2 })
        {
            var hover = await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, line, 1));
            Assert.Contains("**#NLP**", (string?)hover!["contents"]!["value"], StringComparison.Ordinal);
        }

        await AssertServesAsync(client);
    }

    // ---------------------------------------------------------------- input closed without shutdown/exit

    [Theory]
    [InlineData("between messages")]
    [InlineData("mid-header")]
    [InlineData("mid-body")]
    [InlineData("while resynchronising")]
    public async Task Closed_input_ends_the_process_promptly_with_1_and_no_stack_trace(string where)
    {
        var client = await StartAsync();
        await using var _c = client;
        await AssertServesAsync(client);
        var (bytes, logged) = where switch
        {
            "mid-header" => ("Content-Len"u8.ToArray(), "Input ended inside a message header"),
            "mid-body" => ([.. "Content-Length: 100\r\n\r\n{\"jsonrpc\""u8], "Input ended inside a message body of 100 bytes"),
            "while resynchronising" => ("Content-Length: x\r\n\r\n{}"u8.ToArray(), "Input ended while looking for the next message header"),
            _ => (Array.Empty<byte>(), "The input ended without shutdown and exit"),
        };
        await client.SendBytesAsync(bytes);
        await Task.Delay(100);

        var watch = Stopwatch.StartNew();
        client.CloseInput();
        var code = await client.WaitForExitAsync(TimeSpan.FromSeconds(10));
        watch.Stop();

        Assert.Equal(1, code);
        Assert.Contains(logged, client.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", client.Stderr, StringComparison.Ordinal);
        Assert.Null(client.OutputError);
        Console.WriteLine($"closed {where}: exited in {watch.ElapsedMilliseconds} ms");
    }

    // ---------------------------------------------------------------- positions

    /// <summary>Clamping everywhere (LSP: a character past the line's end means the line's end); only a value
    /// that is not an LSP uinteger at all is -32602.</summary>
    [Fact]
    public async Task Positions_outside_the_document_clamp_in_every_position_taking_request()
    {
        var client = await StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-abuse/positions.notes";
        await client.OpenAsync(uri, Sample);
        var cases = new (int Line, int Character, int ClampedLine, int ClampedCharacter)[]
        {
            (2, 999, 2, 10), (2, -4, 2, 0), (-1, -1, 0, 0), (-7, 3, 0, 0), (99, 5, 4, 2), (4, 999, 4, 2), (int.MaxValue, int.MaxValue, 4, 2),
        };
        foreach (var method in new[] { "textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion", "textDocument/prepareRename", "textDocument/rename" })
        {
            foreach (var (line, character, clampedLine, clampedCharacter) in cases)
            {
                // The whole answer (a result, or rename's -32803 off a tag) is the one at the clamped position.
                var asked = await client.RequestAsync(method, PositionParams(method, uri, line, character));
                var clamped = await client.RequestAsync(method, PositionParams(method, uri, clampedLine, clampedCharacter));
                Assert.NotEqual(-32603, (int?)asked["error"]?["code"]);
                Assert.True(JsonNode.DeepEquals(clamped["result"], asked["result"]) && JsonNode.DeepEquals(clamped["error"], asked["error"]), $"{method} at ({line}, {character}): {asked.ToJsonString()} vs {clamped.ToJsonString()}");
            }
        }

        // The clamped positions are on something: #Tail at the end of line 2, ・7 at the end of the document.
        Assert.Contains("Tail", (string?)(await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 999)))!["contents"]!["value"], StringComparison.Ordinal);
        Assert.Single((await client.ResultAsync("textDocument/definition", LspClient.DocPos(uri, 99, 5)))!.AsArray());

        var notUInteger = await client.RequestAsync("textDocument/hover", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = 1L << 40, ["character"] = 0 },
        });
        Assert.Equal(-32602, (int)notUInteger["error"]!["code"]!);
        await AssertServesAsync(client);
    }

    [Fact]
    public async Task Reversed_and_overlong_ranges_are_swapped_and_clamped_in_requests()
    {
        var client = await StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-abuse/ranges.notes";
        await client.OpenAsync(uri, "Cat\n\n#NLP\nIssue Date: 2025-8-06 #8 Other, B+, Y'25 Summary s\n");
        await client.WaitForDiagnosticsAsync(uri, d => d.Any(x => (string?)x!["code"] == "NL002"));

        var forward = await client.ResultAsync("textDocument/codeAction", CodeActionParams(uri, 3, 0, 3, 999));
        var reversed = await client.ResultAsync("textDocument/codeAction", CodeActionParams(uri, 3, 999, 3, 0));
        var outside = await client.ResultAsync("textDocument/codeAction", CodeActionParams(uri, 99, 99, -3, -3));
        Assert.Contains(forward!.AsArray(), a => ((string?)a!["title"])!.Contains("2025-08-06", StringComparison.Ordinal));
        Assert.True(JsonNode.DeepEquals(forward, reversed), reversed!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(forward, outside), outside!.ToJsonString());

        var full = await client.ResultAsync("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
        var backwards = await client.ResultAsync("textDocument/semanticTokens/range", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = RangeNode(99, 0, -1, -1),
        });
        Assert.NotEmpty(full!["data"]!.AsArray());
        Assert.True(JsonNode.DeepEquals(full["data"], backwards!["data"]), backwards.ToJsonString());
    }

    [Fact]
    public async Task DidChange_ranges_outside_the_text_or_reversed_apply_as_the_client_library_does()
    {
        var client = await StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-abuse/edits.notes";
        await client.OpenAsync(uri, Sample);
        var model = Sample;
        var edits = new (int L1, int C1, int L2, int C2, string Text)[]
        {
            (2, 999, 2, 999, " #Added"),
            (99, 0, 99, 7, "\n#Last\nIssue Date: 2025-01-05 #9 Nine, C+, Z'25 Summary z"),
            (3, 999, 3, 20, string.Empty),
            (-5, -5, 0, 3, "Category"),
            (1, -3, 1, 0, "x"),
            (3, 12, 3, 8, "[swapped]"),
        };
        var version = 1;
        foreach (var (l1, c1, l2, c2, text) in edits)
        {
            model = TextModel.Apply(model, l1, c1, l2, c2, text);
            await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, ++version, l1, c1, l2, c2, text));
        }

        Assert.Contains("#NLP #Tail #Added", model, StringComparison.Ordinal);
        Assert.StartsWith("Category\nx\n", model, StringComparison.Ordinal);
        await AssertSameTextAsync(client, uri, model);
    }

    // ---------------------------------------------------------------- unknown documents, versions

    [Fact]
    public async Task Documents_never_opened_get_null_results_and_a_log_line()
    {
        var client = await StartAsync();
        await using var _c = client;
        string[] uris = ["file:///tmp/notes-lsp-abuse/never-opened.notes", "untitled:Untitled-1", "not a uri at all", "file://%zz/x.notes", "file:///tmp/a%00b.notes", "https://example.com/x.notes", string.Empty];
        foreach (var uri in uris)
        {
            await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, 2, 0, 0, 0, 0, "x"));
            await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
            foreach (var method in new[] { "textDocument/hover", "textDocument/definition", "textDocument/references", "textDocument/completion", "textDocument/prepareRename", "textDocument/rename" })
            {
                var response = await client.RequestAsync(method, PositionParams(method, uri, 0, 0));
                Assert.True(response.ContainsKey("result") && response["result"] is null, $"{method} {uri}: {response.ToJsonString()}");
            }

            var document = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } };
            foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange", "textDocument/documentLink", "textDocument/formatting" })
            {
                var response = await client.RequestAsync(method, document);
                Assert.True(response.ContainsKey("result") && response["result"] is null, $"{method} {uri}: {response.ToJsonString()}");
            }

            var codeAction = await client.RequestAsync("textDocument/codeAction", CodeActionParams(uri, 0, 0, 0, 0));
            Assert.True(codeAction.ContainsKey("result") && codeAction["result"] is null, codeAction.ToJsonString());
        }

        await AssertServesAsync(client);
        Assert.Contains("didChange for a document that is not open: untitled:Untitled-1", client.Stderr, StringComparison.Ordinal);
        Assert.Contains("didClose for a document that is not open: file:///tmp/a%00b.notes", client.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", client.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_of_order_and_duplicate_versions_are_applied_in_arrival_order()
    {
        var client = await StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-abuse/versions.notes";
        var model = "Cat\n\n#NLP\nIssue Date: 2025-01-02 #7 Title, A+, X'25 Summary text\n";
        await client.OpenAsync(uri, model, version: 5);
        foreach (var (version, from, to) in new[] { (3, "Title", "Older"), (3, "Older", "Duplicate"), (10, "Duplicate", "Ten"), (7, "Ten", "Seven") })
        {
            var at = model.IndexOf(from, StringComparison.Ordinal);
            var (line, character) = TextModel.PositionOf(model, at);
            model = TextModel.Apply(model, line, character, line, character + from.Length, to);
            await client.NotifyAsync("textDocument/didChange", LspClient.Change(uri, version, line, character, line, character + from.Length, to));
        }

        var symbols = (await client.ResultAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!.AsArray();
        Assert.Equal("Seven", (string?)symbols[0]!["children"]![0]!["name"]);
        await AssertSameTextAsync(client, uri, model);
        Assert.Contains("version 3 is not newer than 5", client.Stderr, StringComparison.Ordinal);
        Assert.Contains("version 7 is not newer than 10", client.Stderr, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- burst

    [Fact]
    public async Task A_burst_of_10000_changes_with_requests_and_cancellations_answers_each_request_once_and_keeps_the_text()
    {
        var client = await StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-abuse/burst.notes";
        var model = (await File.ReadAllTextAsync(CorpusFile)).Replace("\r", string.Empty, StringComparison.Ordinal);
        await client.OpenAsync(uri, model);
        var random = new Random(20260405);
        var responses = new List<(string Method, bool Cancelled, Task<JsonObject> Response)>();
        var batch = new List<JsonObject>();
        string[] methods = ["textDocument/hover", "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/completion", "workspace/symbol"];
        for (var i = 0; i < 10_000; i++)
        {
            var (change, next) = TextModel.RandomEdit(model, random, uri, i + 2);
            model = next;
            batch.Add(LspClient.Notification("textDocument/didChange", change));
            if (i % 20 == 19)
            {
                var method = methods[i / 20 % methods.Length];
                var (line, character) = TextModel.PositionOf(model, random.Next(model.Length + 1));
                JsonNode parameters = method == "workspace/symbol" ? new JsonObject { ["query"] = "Learning" } : LspClient.DocPos(uri, line, character);
                var request = client.NewRequest(method, parameters, out var response);
                batch.Add(request);
                var cancel = i % 60 == 59;
                if (cancel)
                {
                    batch.Add(LspClient.Notification("$/cancelRequest", new JsonObject { ["id"] = request["id"]!.DeepClone() }));
                }

                responses.Add((method, cancel, response));
            }

            if (batch.Count >= 500)
            {
                await client.SendBatchAsync(batch);
                batch.Clear();
            }
        }

        await client.SendBatchAsync(batch);
        var cancelled = 0;
        foreach (var (method, cancel, response) in responses)
        {
            var answer = await response;
            if (answer["error"] is { } error)
            {
                Assert.True(cancel && (int)error["code"]! == -32800, $"{method}: {answer.ToJsonString()}");
                cancelled++;
            }
            else
            {
                Assert.True(answer.ContainsKey("result"), answer.ToJsonString());
            }
        }

        await AssertSameTextAsync(client, uri, model);
        await AssertServesAsync(client);
        Assert.Empty(client.Notifications("(response)"));
        Console.WriteLine($"burst: {responses.Count} requests, {cancelled} cancelled in time");
    }

    // ---------------------------------------------------------------- helpers

    internal static async Task<LspClient> StartAsync()
    {
        var (client, _) = await LspClient.StartInitializedAsync(null);
        return client;
    }

    internal static async Task OpenCorpusFileAsync(LspClient client) =>
        await client.OpenAsync(LspClient.Uri(CorpusFile), await File.ReadAllTextAsync(CorpusFile));

    /// <summary>A real request on a corpus document, answered correctly: the session is alive and in sync.</summary>
    internal static async Task AssertServesAsync(LspClient client)
    {
        await OpenCorpusFileAsync(client);
        var uri = LspClient.Uri(CorpusFile);
        var hover = await client.ResultAsync("textDocument/hover", LspClient.DocPos(uri, 2, 1));
        Assert.Contains("**#NLP**", (string?)hover!["contents"]!["value"], StringComparison.Ordinal);
        var symbols = (await client.ResultAsync("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }))!.AsArray();
        using var truth = TestData.Truth(CorpusFile);
        Assert.Equal(truth.RootElement.GetProperty("entry_count").GetInt32(), symbols.Sum(s => s!["children"]?.AsArray().Count ?? 0));
    }

    /// <summary>
    /// Asserts the server holds <paramref name="expected"/> for <paramref name="uri"/>: its outline, semantic tokens
    /// and folding ranges equal those of a second document opened with that text (they cover every entry, tag,
    /// date, number, header part and reference with its position), by <paramref name="open"/> when given.
    /// </summary>
    internal static async Task AssertSameTextAsync(LspClient client, string uri, string expected, Func<LspClient, string, string, Task>? open = null)
    {
        var reference = uri + ".expected-" + Guid.NewGuid().ToString("N")[..8] + ".notes";
        await (open ?? ((c, u, t) => c.OpenAsync(u, t)))(client, reference, expected);
        foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/foldingRange" })
        {
            var actual = await client.ResultAsync(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
            var wanted = await client.ResultAsync(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = reference } });
            Assert.True(JsonNode.DeepEquals(wanted, actual), $"{method} differs from the client's text:\n{actual?.ToJsonString()[..Math.Min(2000, actual.ToJsonString().Length)]}\nexpected\n{wanted?.ToJsonString()[..Math.Min(2000, wanted.ToJsonString().Length)]}");
        }

        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = reference } });
    }

    private static JsonObject PositionParams(string method, string uri, int line, int character)
    {
        var p = LspClient.DocPos(uri, line, character);
        if (method == "textDocument/references")
        {
            p["context"] = new JsonObject { ["includeDeclaration"] = true };
        }
        else if (method == "textDocument/rename")
        {
            p["newName"] = "Renamed";
        }

        return p;
    }

    private static JsonObject RangeNode(int l1, int c1, int l2, int c2) =>
        new() { ["start"] = LspClient.Position(l1, c1), ["end"] = LspClient.Position(l2, c2) };

    private static JsonObject CodeActionParams(string uri, int l1, int c1, int l2, int c2) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["range"] = RangeNode(l1, c1, l2, c2),
        ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
    };

    /// <summary>Error codes of the responses the server sent with a null id.</summary>
    internal static List<int> ParseErrors(LspClient client) =>
        [.. client.Notifications("(response)").Select(r => r["params"]!).Where(r => r["id"] is null && r["error"] is not null).Select(r => (int)r["error"]!["code"]!)];

    private static JsonObject Request(long id, string method, JsonNode parameters) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };

    internal static long ResidentMegabytes(int pid) => ProcStatus(pid, "VmRSS:") / 1024;

    internal static long ProcStatus(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
