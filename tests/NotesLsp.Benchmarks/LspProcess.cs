using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace NotesLsp.Benchmarks;

/// <summary>A message from the server with the time its last byte was read (before any JSON parsing).</summary>
public sealed record Received(long Timestamp, int Bytes, JsonDocument Json)
{
    public JsonElement Root => Json.RootElement;

    public string? Method => Root.TryGetProperty("method", out var m) ? m.GetString() : null;
}

/// <summary>
/// A language server process driven over its stdin/stdout with LSP's Content-Length framing. A reader thread only
/// frames and time-stamps messages; a second thread parses them, completes requests, answers the server's own
/// requests and keeps notifications for <see cref="WaitForNotificationAsync"/>. So a large reply being parsed never
/// delays the time stamp of the next one.
/// </summary>
public sealed class LspProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream stdin;
    private readonly Stream stdout;
    private readonly object writeLock = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<Received>> pending = new();
    private readonly Channel<(long Timestamp, byte[] Body, int Length)> frames = Channel.CreateUnbounded<(long, byte[], int)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly List<Received> notifications = [];
    private readonly List<(Func<Received, bool> Match, TaskCompletionSource<Received> Done)> waiters = [];
    private readonly StringBuilder stderr = new();
    private readonly Thread reader;
    private readonly Task dispatcher;
    private long nextId;

    private LspProcess(Process process, long startTimestamp)
    {
        this.process = process;
        StartTimestamp = startTimestamp;
        stdin = process.StandardInput.BaseStream;
        stdout = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    if (stderr.Length < 1_000_000)
                    {
                        stderr.AppendLine(e.Data);
                    }
                }
            }
        };
        process.BeginErrorReadLine();
        reader = new Thread(ReadLoop) { IsBackground = true, Name = "lsp-reader" };
        reader.Start();
        dispatcher = Task.Run(DispatchLoopAsync);
    }

    /// <summary>Answers the server's requests (default: null result); return a JsonNode for the result.</summary>
    public Func<string, JsonElement, JsonNode?> ServerRequestHandler { get; set; } = (_, _) => null;

    /// <summary>Called (on the dispatch thread) for every notification as it is parsed.</summary>
    public Action<Received>? OnNotification { get; set; }

    public long StartTimestamp { get; }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public static LspProcess Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        var start = Stopwatch.GetTimestamp();
        return new LspProcess(Process.Start(info)!, start);
    }

    /// <summary>The framework-dependent NotesLsp server (<c>dotnet NotesLsp.dll server</c>), or a native executable.</summary>
    public static LspProcess StartNotesLsp(string? nativeExecutable = null) =>
        nativeExecutable is null
            ? Start("dotnet", [BenchPaths.ServerDll(), "server"])
            : Start(nativeExecutable, ["server"]);

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    public static string FileUri(string path) => new Uri(path).AbsoluteUri;

    public static JsonObject Pos(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };

    public static JsonObject Range(int line, int character, int endLine, int endCharacter) => new()
    {
        ["start"] = new JsonObject { ["line"] = line, ["character"] = character },
        ["end"] = new JsonObject { ["line"] = endLine, ["character"] = endCharacter },
    };

    /// <summary>Resident memory of the server process (VmRSS) in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>Peak resident memory (VmHWM) in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    /// <summary>A request message (not yet sent) and the task of its response.</summary>
    public JsonObject NewRequest(string method, JsonNode? parameters, out Task<Received> response)
    {
        var id = Interlocked.Increment(ref nextId);
        var tcs = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = tcs;
        response = tcs.Task;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message;
    }

    public static JsonObject Notification(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return message;
    }

    /// <summary>Sends a request; returns the send time stamp and the response task.</summary>
    public (long Sent, Task<Received> Response) Request(string method, JsonNode? parameters)
    {
        var message = NewRequest(method, parameters, out var response);
        var sent = Send(message);
        return (sent, response);
    }

    public async Task<Received> RequestAsync(string method, JsonNode? parameters, TimeSpan? timeout = null)
    {
        var (_, response) = Request(method, parameters);
        return await response.WaitAsync(timeout ?? TimeSpan.FromSeconds(120)).ConfigureAwait(false);
    }

    public long Notify(string method, JsonNode? parameters) => Send(Notification(method, parameters));

    /// <summary>Writes the messages in one write (the server reads them as a burst); returns the time stamp just before writing.</summary>
    public long Send(params JsonObject[] messages)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var message in messages)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(message);
            buffer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"));
            buffer.Write(body);
        }

        lock (writeLock)
        {
            var now = Stopwatch.GetTimestamp();
            stdin.Write(buffer.WrittenSpan);
            stdin.Flush();
            return now;
        }
    }

    /// <summary>Waits for the first notification (already received after <paramref name="after"/>, or arriving) that matches.</summary>
    public Task<Received> WaitForNotificationAsync(Func<Received, bool> match, long after, TimeSpan timeout)
    {
        TaskCompletionSource<Received> done;
        lock (notifications)
        {
            var seen = notifications.FirstOrDefault(n => n.Timestamp >= after && match(n));
            if (seen is not null)
            {
                return Task.FromResult(seen);
            }

            done = new TaskCompletionSource<Received>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((n => n.Timestamp >= after && match(n), done));
        }

        return done.Task.WaitAsync(timeout);
    }

    /// <summary>Notifications received so far (a snapshot).</summary>
    public IReadOnlyList<Received> Notifications()
    {
        lock (notifications)
        {
            return [.. notifications];
        }
    }

    /// <summary>Forgets kept notifications (their JSON is large for diagnostics on big documents).</summary>
    public void ClearNotifications()
    {
        lock (notifications)
        {
            foreach (var n in notifications)
            {
                n.Json.Dispose();
            }

            notifications.Clear();
        }
    }

    /// <summary>shutdown + exit, then waits for the process (kills it after a few seconds).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                var (_, response) = Request("shutdown", null);
                await response.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                Notify("exit", null);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        frames.Writer.TryComplete();
        ClearNotifications();
        process.Dispose();
    }

    private long ReadStatus(string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kb = long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private void ReadLoop()
    {
        var header = new byte[256];
        try
        {
            while (true)
            {
                // Header lines up to the empty line.
                var length = -1;
                while (true)
                {
                    var n = 0;
                    while (true)
                    {
                        var b = stdout.ReadByte();
                        if (b < 0)
                        {
                            frames.Writer.TryComplete();
                            return;
                        }

                        if (b == '\n')
                        {
                            break;
                        }

                        if (n < header.Length)
                        {
                            header[n++] = (byte)b;
                        }
                    }

                    var line = Encoding.ASCII.GetString(header, 0, n).TrimEnd('\r');
                    if (line.Length == 0)
                    {
                        break;
                    }

                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                if (length < 0)
                {
                    continue;
                }

                var body = ArrayPool<byte>.Shared.Rent(length);
                stdout.ReadExactly(body, 0, length);
                frames.Writer.TryWrite((Stopwatch.GetTimestamp(), body, length));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException)
        {
            frames.Writer.TryComplete();
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var (timestamp, body, length) in frames.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(body.AsMemory(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
            }

            var message = new Received(timestamp, length, json);
            var root = json.RootElement;
            var hasId = root.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
            var hasMethod = root.TryGetProperty("method", out var method);
            if (hasId && !hasMethod)
            {
                if (id.TryGetInt64(out var key) && pending.TryRemove(key, out var tcs))
                {
                    tcs.TrySetResult(message);
                }

                continue;
            }

            if (hasId && hasMethod)
            {
                JsonNode? result;
                try
                {
                    result = ServerRequestHandler(method.GetString()!, root.TryGetProperty("params", out var p) ? p : default);
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
                {
                    result = null;
                }

                var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result };
                try
                {
                    Send(answer);
                }
                catch (IOException)
                {
                }

                json.Dispose();
                continue;
            }

            OnNotification?.Invoke(message);
            lock (notifications)
            {
                notifications.Add(message);
                for (var i = waiters.Count - 1; i >= 0; i--)
                {
                    if (waiters[i].Match(message))
                    {
                        waiters[i].Done.TrySetResult(message);
                        waiters.RemoveAt(i);
                    }
                }
            }
        }
    }
}
