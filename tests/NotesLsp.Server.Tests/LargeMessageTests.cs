using System.Diagnostics.Tracing;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotesLsp.Server.Protocol;
using NotesLsp.Server.Transport;
using StreamJsonRpc.Protocol;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Whole documents as one JSON string: read without a pooled buffer the size of the message (the transport reads
/// big <c>didOpen</c>/<c>didChange</c> itself; strings are unescaped by <see cref="JsonStringDecoder"/>), with
/// exactly the text the client sent, whichever way the client escaped it.
/// </summary>
public sealed class LargeMessageTests
{
    private static readonly string CorpusFile = Path.Combine(TestData.CorpusDir, "ContinualLearning.notes");

    private static readonly JsonSerializerOptions EscapeAll = new();

    private static readonly JsonSerializerOptions EscapeMinimal = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Encodings => ["escape-all", "escape-minimal"];

    [Fact]
    public void Decoded_strings_equal_the_originals_for_random_text_in_both_escapings()
    {
        var random = new Random(20261128);
        var corpus = File.ReadAllText(CorpusFile);
        for (var i = 0; i < 2_000; i++)
        {
            var text = RandomText(random, corpus);
            foreach (var options in new[] { EscapeAll, EscapeMinimal })
            {
                var json = JsonSerializer.SerializeToUtf8Bytes(text, options);
                Assert.Equal(text, JsonStringDecoder.Decode(json.AsSpan(1, json.Length - 2)));
            }
        }
    }

    [Fact]
    public void Strings_written_by_the_formatter_read_back_as_the_originals_with_lone_surrogates_replaced()
    {
        var options = LanguageServerHost.CreateFormatter().JsonSerializerOptions;
        var random = new Random(20261206);
        var corpus = File.ReadAllText(CorpusFile);
        for (var i = 0; i < 2_000; i++)
        {
            var text = RandomText(random, corpus);
            var json = JsonSerializer.SerializeToUtf8Bytes(text, options);
            Assert.Equal(Utf8StringConverter.WellFormed(text), JsonSerializer.Deserialize<string>(json, EscapeAll));
        }
    }

    [Fact]
    public void Lone_surrogate_escapes_are_kept_going_in_and_replaced_going_out_and_malformed_escapes_are_refused()
    {
        Assert.Equal("a\ud800b\udc00\ud83d\ude00/\"\\\b\f\n\r\t", JsonStringDecoder.Decode(@"a\ud800b\uDC00\ud83d\ude00\/\""\\\b\f\n\r\t"u8));
        Assert.Equal("a\uFFFDb😀\uFFFD", Utf8StringConverter.WellFormed("a\ud800b😀\udc00"));
        Assert.Null(JsonStringDecoder.Decode(@"a\u12"u8));
        Assert.Null(JsonStringDecoder.Decode(@"a\x"u8));
        Assert.Null(JsonStringDecoder.Decode(@"a\"u8));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void A_big_didOpen_and_didChange_read_directly_equal_what_the_formatter_reads(string encoding)
    {
        var options = LanguageServerHost.CreateFormatter().JsonSerializerOptions;
        var text = BigText();
        var open = Body(LspClient.Notification("textDocument/didOpen", OpenParams("file:///big.notes", text)), encoding);
        var direct = Assert.IsType<DidOpenTextDocumentParams>(Assert.Single(LargeNotificationReader.TryRead(open, options)!.ArgumentsList!));
        Assert.Equal(text, direct.TextDocument.Text);
        Assert.Equal(("file:///big.notes", "notes", 1), (direct.TextDocument.Uri, direct.TextDocument.LanguageId, direct.TextDocument.Version));

        var change = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///big.notes", ["version"] = 2 },
            ["contentChanges"] = new JsonArray(
                new JsonObject { ["text"] = text + "\n" },
                new JsonObject { ["range"] = new JsonObject { ["start"] = LspClient.Position(0, 0), ["end"] = LspClient.Position(0, 1) }, ["rangeLength"] = 1, ["text"] = "x" }),
        };
        var read = Assert.IsType<DidChangeTextDocumentParams>(Assert.Single(LargeNotificationReader.TryRead(Body(LspClient.Notification("textDocument/didChange", change.DeepClone()), encoding), options)!.ArgumentsList!));
        var formatter = LanguageServerHost.CreateFormatter();
        var general = (JsonRpcRequest)formatter.Deserialize(new System.Buffers.ReadOnlySequence<byte>(Body(LspClient.Notification("textDocument/didChange", change), encoding)));
        Assert.True(general.TryGetArgumentByNameOrIndex("textDocument", -1, typeof(VersionedTextDocumentIdentifier), out var identifier));
        Assert.Equal(identifier, read.TextDocument);
        Assert.Equal(2, read.ContentChanges.Count);
        Assert.Equal(text + "\n", read.ContentChanges[0].Text);
        Assert.Null(read.ContentChanges[0].Range);
        Assert.Equal(new Protocol.Range(new Position(0, 0), new Position(0, 1)), read.ContentChanges[1].Range);
        Assert.Equal((1, "x"), (read.ContentChanges[1].RangeLength, read.ContentChanges[1].Text));
    }

    [Fact]
    public void Only_well_formed_text_sync_notifications_take_the_direct_path()
    {
        var options = LanguageServerHost.CreateFormatter().JsonSerializerOptions;
        var parameters = OpenParams("file:///big.notes", BigText());
        JsonObject Message(Action<JsonObject> edit)
        {
            var message = LspClient.Notification("textDocument/didOpen", parameters.DeepClone());
            edit(message);
            return message;
        }

        Assert.NotNull(LargeNotificationReader.TryRead(Body(Message(_ => { }), "escape-all"), options));
        var reordered = new JsonObject { ["params"] = parameters.DeepClone(), ["extra"] = new JsonArray(1, 2), ["method"] = "textDocument/didOpen", ["jsonrpc"] = "2.0" };
        Assert.NotNull(LargeNotificationReader.TryRead(Body(reordered, "escape-all"), options));

        Assert.Null(LargeNotificationReader.TryRead(Body(Message(m => m["id"] = 5), "escape-all"), options));
        Assert.Null(LargeNotificationReader.TryRead(Body(Message(m => m["method"] = "textDocument/didSave"), "escape-all"), options));
        Assert.Null(LargeNotificationReader.TryRead(Body(Message(m => m.Remove("jsonrpc")), "escape-all"), options));
        Assert.Null(LargeNotificationReader.TryRead(Body(Message(m => m["params"] = new JsonArray(parameters.DeepClone())), "escape-all"), options));
        Assert.Null(LargeNotificationReader.TryRead(Body(Message(m => m["params"]!["textDocument"]!["version"] = "one"), "escape-all"), options));
        var body = Body(Message(_ => { }), "escape-all");
        Assert.Null(LargeNotificationReader.TryRead(body.AsSpan(0, body.Length - 1), options));
        Assert.Null(LargeNotificationReader.TryRead([.. body, .. "{}"u8], options));
    }

    [Fact]
    public void Reading_a_big_didOpen_rents_no_big_buffer_from_the_shared_pool()
    {
        var options = LanguageServerHost.CreateFormatter().JsonSerializerOptions;
        var body = Body(LspClient.Notification("textDocument/didOpen", OpenParams("file:///big.notes", BigText())), "escape-all");
        using var rentals = new BigRentals();
        Assert.NotNull(LargeNotificationReader.TryRead(body, options));
        Assert.Empty(rentals.Sizes);

        // The general path does rent one at the message's size (the reason the direct path exists); this keeps the
        // listener honest.
        var formatter = LanguageServerHost.CreateFormatter();
        var message = formatter.Deserialize(new System.Buffers.ReadOnlySequence<byte>(body));
        Assert.Contains(rentals.Sizes, size => size >= body.Length);
        ((StreamJsonRpc.Reflection.IJsonRpcMessageBufferManager)message).DeserializationComplete(message);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task The_server_holds_exactly_the_text_of_a_big_didOpen_and_a_big_full_didChange(string encoding)
    {
        var client = await ProtocolAbuseTests.StartAsync();
        await using var _c = client;
        const string uri = "file:///tmp/notes-lsp-large/big.notes";

        // A lone surrogate (as JavaScript clients escape one) and an emoji, both in a comment.
        var text = BigText().Replace("Comment", "Comment😀 LONE ", StringComparison.Ordinal);
        var open = Body(LspClient.Notification("textDocument/didOpen", OpenParams(uri, text)), encoding);
        open = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(open).Replace("LONE", @"\ud800", StringComparison.Ordinal));
        text = text.Replace("LONE", "\ud800", StringComparison.Ordinal);
        await client.SendRawAsync(open);
        Assert.Equal(1, (int)(await client.WaitForDiagnosticsAsync(uri))["version"]!);
        await ProtocolAbuseTests.AssertSameTextAsync(client, uri, text, ChunkedOpenAsync);

        var changed = text.Replace("#NLP", "#NaturalLanguageProcessing", StringComparison.Ordinal);
        var change = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = "LONE" + changed }),
        };
        var body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body(LspClient.Notification("textDocument/didChange", change), encoding)).Replace("LONE", @"\udc00", StringComparison.Ordinal));
        Assert.True(body.Length > LargeNotificationReader.MinimumBytes);
        await client.SendRawAsync(body);
        await ProtocolAbuseTests.AssertSameTextAsync(client, uri, "\udc00" + changed, ChunkedOpenAsync);
        await ProtocolAbuseTests.AssertServesAsync(client);
    }

    /// <summary>Opens <paramref name="text"/> the ordinary way: a didOpen and didChange appends, each message well under the direct path's size.</summary>
    private static async Task ChunkedOpenAsync(LspClient client, string uri, string text)
    {
        var lines = text.Split('\n');
        var version = 1;
        var line = 0;
        while (line < lines.Length)
        {
            var chunk = new StringBuilder();
            var first = line;
            while (line < lines.Length && chunk.Length + lines[line].Length < 8_000)
            {
                chunk.Append(lines[line]).Append(line + 1 < lines.Length ? "\n" : string.Empty);
                line++;
            }

            if (line == first)
            {
                chunk.Append(lines[line]).Append(line + 1 < lines.Length ? "\n" : string.Empty);
                line++;
            }

            if (version == 1)
            {
                await client.SendRawAsync(Body(LspClient.Notification("textDocument/didOpen", OpenParams(uri, chunk.ToString())), "escape-minimal", small: true));
            }
            else
            {
                var change = LspClient.Change(uri, version, first, 0, first, 0, chunk.ToString());
                await client.SendRawAsync(Body(LspClient.Notification("textDocument/didChange", change), "escape-minimal", small: true));
            }

            version++;
        }
    }

    private static string BigText()
    {
        var entries = File.ReadAllText(CorpusFile);
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < 2 * LargeNotificationReader.MinimumBytes)
        {
            text.Append(entries).Append('\n');
        }

        return text.ToString();
    }

    private static JsonObject OpenParams(string uri, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "notes", ["version"] = 1, ["text"] = text },
    };

    private static byte[] Body(JsonObject message, string encoding, bool small = false)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString(encoding == "escape-all" ? EscapeAll : EscapeMinimal));
        Assert.True(small ? body.Length < LargeNotificationReader.MinimumBytes : body.Length >= LargeNotificationReader.MinimumBytes, $"{body.Length} bytes");
        return body;
    }

    private static string RandomText(Random random, string corpus)
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 12);
        for (var i = 0; i < parts; i++)
        {
            switch (random.Next(6))
            {
                case 0:
                    var start = random.Next(corpus.Length - 200);
                    var length = random.Next(200);
                    if (char.IsLowSurrogate(corpus[start]))
                    {
                        start++;
                    }

                    if (char.IsHighSurrogate(corpus[start + length - 1]))
                    {
                        length++;
                    }

                    builder.Append(corpus, start, length);
                    break;
                case 1:
                    builder.Append((char)random.Next(0, 0x20));
                    break;
                case 2:
                    builder.Append("\"\\/<>&'+`"[random.Next(9)]);
                    break;
                case 3:
                    builder.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)));
                    break;
                case 4:
                    builder.Append((char)random.Next(0x80, 0xD800));
                    break;
                default:
                    builder.Append("\r\n\t\u2028\u00a0"[random.Next(5)]);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Records rentals of 64 KiB or more from <see cref="System.Buffers.ArrayPool{T}.Shared"/> on this thread.</summary>
    private sealed class BigRentals : EventListener
    {
        private readonly int thread = Environment.CurrentManagedThreadId;

        public List<int> Sizes { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "System.Buffers.ArrayPoolEventSource")
            {
                EnableEvents(source, EventLevel.Verbose);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName == "BufferRented" && Environment.CurrentManagedThreadId == thread && e.Payload![e.PayloadNames!.IndexOf("bufferSize")] is int size && size >= 64 * 1024)
            {
                lock (Sizes)
                {
                    Sizes.Add(size);
                }
            }
        }
    }
}
