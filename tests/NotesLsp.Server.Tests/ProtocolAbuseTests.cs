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
