using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace NotesLsp.Server.Transport;

/// <summary>
/// LSP base protocol framing (<c>Content-Length</c> headers) that survives a misbehaving client. A message that
/// cannot be read is answered with -32700 (-32600 for JSON that is not a JSON-RPC message) and a null id, then the
/// reader resynchronises: it scans for the next <c>Content-Length:</c>. A bad header (missing, non-numeric,
/// negative or over <see cref="MaxMessageBytes"/> length, garbage) is skipped that way; a body that is not JSON is
/// rescanned from its second byte, so a message swallowed by a too-long length is still read. Only the end of the
/// input ends the session (the host then exits with 1 unless shutdown came first).
/// </summary>
internal sealed class LspMessageHandler : MessageHandlerBase
{
    public const int MaxMessageBytes = 256 * 1024 * 1024;
    private const int MaxHeaderBytes = 8 * 1024;
    private const int BufferBytes = 64 * 1024;
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private static readonly byte[] EndOfHeaders = "\r\n\r\n"u8.ToArray();

    private readonly Stream output;
    private readonly Stream input;
    private readonly ILogger log;
    private ArrayBufferWriter<byte> outgoingBody = new();
    private ArrayBufferWriter<byte> outgoingFrame = new();
    private int writesInFlight;
    private byte[] buffer = new byte[BufferBytes];
    private int start;
    private int end;
    private bool resynchronising;

    public LspMessageHandler(Stream output, Stream input, IJsonRpcMessageFormatter formatter, ILogger log)
        : base(formatter)
    {
        this.output = output;
        this.input = input;
        this.log = log;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    protected override async ValueTask<JsonRpcMessage?> ReadCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (resynchronising)
            {
                var skipped = await SkipToContentLengthAsync(cancellationToken).ConfigureAwait(false);
                if (skipped < 0)
                {
                    log.LogError("Input ended while looking for the next message header");
                    return null;
                }

                if (skipped > 0)
                {
                    log.LogWarning("Skipped {Count} bytes up to the next Content-Length header", skipped);
                }

                resynchronising = false;
            }

            var (length, problem, ended) = await ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                if (problem is not null)
                {
                    log.LogError("Input ended inside a message header");
                }

                return null;
            }

            if (problem is not null)
            {
                await RejectAsync(JsonRpcErrorCode.ParseError, problem, cancellationToken).ConfigureAwait(false);
                resynchronising = true;
                continue;
            }

            var body = await ReadBodyAsync(length, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                log.LogError("Input ended inside a message body of {Length} bytes", length);
                return null;
            }

            if (body.Length >= LargeNotificationReader.MinimumBytes && Formatter is SystemTextJsonFormatter json
                && LargeNotificationReader.TryRead(body, json.JsonSerializerOptions) is { } notification)
            {
                return notification;
            }

            try
            {
                return Formatter.Deserialize(new ReadOnlySequence<byte>(body));
            }
            catch (Exception e) when (IsBodyError(e, out var code))
            {
                var message = code == JsonRpcErrorCode.ParseError ? "Parse error: the message body is not valid JSON." : "Invalid request: the message is not a JSON-RPC request, response or notification.";
                await RejectAsync(code, $"{message} ({e.GetType().Name}: {e.Message})", cancellationToken).ConfigureAwait(false);
                if (code == JsonRpcErrorCode.ParseError)
                {
                    // The length may have been wrong: the next message may start inside this body.
                    PushBack(body.AsSpan(1));
                    resynchronising = true;
                }
            }
        }
    }

    protected override async ValueTask WriteCoreAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref writesInFlight);
        try
        {
            if (outgoingBody.Capacity > BufferBytes * 16)
            {
                outgoingBody = new ArrayBufferWriter<byte>();
                outgoingFrame = new ArrayBufferWriter<byte>();
            }

            outgoingBody.ResetWrittenCount();
            outgoingFrame.ResetWrittenCount();
            Formatter.Serialize(outgoingBody, content);
            outgoingFrame.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {outgoingBody.WrittenCount}\r\n\r\n")));
            outgoingFrame.Write(outgoingBody.WrittenSpan);

            // One write per message: a process that exits right after never leaves half a message on stdout.
            await output.WriteAsync(outgoingFrame.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref writesInFlight);
        }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for messages being written, before the process exits.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref writesInFlight) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => new(output.FlushAsync(cancellationToken));

    protected override void DisposeReader()
    {
        input.Dispose();
        base.DisposeReader();
    }

    protected override void DisposeWriter()
    {
        output.Dispose();
        base.DisposeWriter();
    }

    /// <summary>
    /// -32700 when the body is not JSON at all (the reader failed), -32600 when it is JSON but not a JSON-RPC message
    /// (the formatter rejected its shape, e.g. an array at the root or a message without method, result or error).
    /// </summary>
    private static bool IsBodyError(Exception e, out JsonRpcErrorCode code)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is DecoderFallbackException || (x is JsonException && x.GetType() != typeof(JsonException)))
            {
                code = JsonRpcErrorCode.ParseError;
                return true;
            }
        }

        code = JsonRpcErrorCode.InvalidRequest;
        return e is JsonException or UnrecognizedJsonRpcMessageException;
    }

    /// <summary>Where <c>Content-Length:</c> starts in <paramref name="bytes"/>, or where a prefix of it ends them; -1 if nowhere.</summary>
    private static int IndexOfContentLength(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var n = 0;
            while (n < ContentLength.Length && i + n < bytes.Length && (bytes[i + n] | 0x20) == ContentLength[n])
            {
                n++;
            }

            if (n == ContentLength.Length || i + n == bytes.Length)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Parses a header block (without its final blank line): the body length, or what is wrong with it. A malformed
    /// line makes the block garbage (<c>Garbage</c>): a real header may start inside it.
    /// </summary>
    private static (int Length, string? Problem, bool Garbage) ParseHeader(ReadOnlySpan<byte> block)
    {
        string? lengthText = null;
        foreach (var line in Encoding.Latin1.GetString(block).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return (0, $"Parse error: malformed header line '{Printable(line)}'.", true);
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (lengthText is not null)
                {
                    return (0, "Parse error: more than one Content-Length header.", false);
                }

                lengthText = line[(colon + 1)..].Trim();
            }
        }

        if (lengthText is null)
        {
            return (0, "Parse error: the message has no Content-Length header.", false);
        }

        if (lengthText.Length == 0 || !lengthText.All(char.IsAsciiDigit))
        {
            return (0, $"Parse error: Content-Length '{Printable(lengthText)}' is not a non-negative integer.", false);
        }

        if (lengthText.TrimStart('0').Length > 10 || long.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture) > MaxMessageBytes)
        {
            return (0, $"Parse error: Content-Length {Printable(lengthText)} exceeds the limit of {MaxMessageBytes} bytes.", false);
        }

        return (int.Parse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture), null, false);
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 40 ? text[..40] + "…" : text;
        return new string([.. shown.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    private async Task RejectAsync(JsonRpcErrorCode code, string message, CancellationToken cancellationToken)
    {
        log.LogError("{Message}", message);
        var error = new JsonRpcError
        {
            RequestId = RequestId.Null,
            Error = new JsonRpcError.ErrorDetail { Code = code, Message = message },
        };
        await WriteAsync(error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads one header block. When it is garbage only its first byte is consumed, so resynchronising finds a
    /// <c>Content-Length:</c> that the garbage had hidden. <c>Ended</c>: the input ended (with a problem when
    /// it ended inside the header).
    /// </summary>
    private async ValueTask<(int Length, string? Problem, bool Ended)> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var searched = 0;
        while (true)
        {
            var available = buffer.AsSpan(start, Math.Min(end - start, MaxHeaderBytes + EndOfHeaders.Length));
            var from = Math.Max(0, searched - EndOfHeaders.Length + 1);
            var blank = available[from..].IndexOf(EndOfHeaders);
            if (blank >= 0)
            {
                var blockLength = from + blank;
                var (length, problem, garbage) = ParseHeader(available[..blockLength]);
                start += garbage ? 1 : blockLength + EndOfHeaders.Length;
                return (length, problem, false);
            }

            if (available.Length >= MaxHeaderBytes + EndOfHeaders.Length)
            {
                start++;
                return (0, $"Parse error: no end of headers within {MaxHeaderBytes} bytes.", false);
            }

            searched = available.Length;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                var partial = end > start;
                start = end;
                return (0, partial ? "input ended" : null, true);
            }
        }
    }

    private async ValueTask<byte[]?> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var read = Math.Min(length, end - start);
        buffer.AsSpan(start, read).CopyTo(body);
        start += read;
        while (read < length)
        {
            var n = await input.ReadAsync(body.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return body;
    }

    /// <summary>Discards bytes up to the next <c>Content-Length:</c>; returns how many, or -1 when the input ended first.</summary>
    private async ValueTask<long> SkipToContentLengthAsync(CancellationToken cancellationToken)
    {
        long skipped = 0;
        while (true)
        {
            var available = buffer.AsSpan(start, end - start);
            var at = IndexOfContentLength(available);
            if (at >= 0 && available.Length - at >= ContentLength.Length)
            {
                start += at;
                return skipped + at;
            }

            var discard = at >= 0 ? at : available.Length;
            start += discard;
            skipped += discard;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return -1;
            }
        }
    }

    /// <summary>Reads more input after what is buffered; false at the end of the input.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (start == end)
        {
            start = end = 0;
            if (buffer.Length > BufferBytes)
            {
                buffer = new byte[BufferBytes];
            }
        }
        else if (end == buffer.Length)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
        }

        var n = await input.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
        end += n;
        return n > 0;
    }

    /// <summary>Puts bytes back in front of the unread input.</summary>
    private void PushBack(ReadOnlySpan<byte> bytes)
    {
        var from = IndexOfContentLength(bytes);
        if (from < 0)
        {
            return;
        }

        bytes = bytes[from..];
        var pending = end - start;
        var combined = new byte[Math.Max(BufferBytes, bytes.Length + pending)];
        bytes.CopyTo(combined);
        buffer.AsSpan(start, pending).CopyTo(combined.AsSpan(bytes.Length));
        buffer = combined;
        start = 0;
        end = bytes.Length + pending;
    }
}
