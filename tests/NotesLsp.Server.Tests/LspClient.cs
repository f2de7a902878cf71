using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotesLsp.Server.Tests;

/// <summary>
/// A minimal LSP client with its own framing: starts the real server process (<c>dotnet NotesLsp.dll server</c>)
/// and talks JSON-RPC over its stdin/stdout. Server → client requests are answered (null, or by a handler).
/// </summary>
public sealed class LspClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly Process process;
    private readonly Stream stdin;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonObject>> pending = new();
    private readonly List<JsonObject> notifications = [];
    private readonly List<JsonObject> serverRequests = [];
    private readonly StringBuilder stderr = new();
    private readonly Task readLoop;
    private readonly SemaphoreSlim arrived = new(0);
    private long nextId;

    private LspClient(Process process)
    {
        this.process = process;
        stdin = process.StandardInput.BaseStream;
        readLoop = Task.Run(ReadLoopAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Answers server → client requests; by default every request gets a null result.</summary>
    public Func<JsonObject, JsonNode?> ServerRequestHandler { get; set; } = _ => null;

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

    public static string ServerDll { get; } = FindServer();

    /// <summary>A native (e.g. Native AOT) server binary to test instead of the framework-dependent build: NOTES_LSP_SERVER.</summary>
    public static string? NativeServer { get; } = Environment.GetEnvironmentVariable("NOTES_LSP_SERVER") is { Length: > 0 } path ? path : null;

    /// <summary>The command line that starts the server, for other clients (Neovim).</summary>
    public static string ServerCommand => NativeServer is null ? $"dotnet {ServerDll} server" : $"{NativeServer} server";

    public static LspClient Start(IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(NativeServer ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (NativeServer is null)
        {
            info.ArgumentList.Add(ServerDll);
        }

        info.ArgumentList.Add("server");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        return new LspClient(Process.Start(info)!);
    }

    /// <summary>Starts, initializes (with the given capabilities and options) and sends initialized.</summary>
    public static async Task<(LspClient Client, JsonObject Result)> StartInitializedAsync(
        string? rootPath, JsonObject? capabilities = null, JsonObject? initializationOptions = null, IDictionary<string, string>? environment = null)
    {
        var client = Start(environment);
        var p = new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootPath is null ? null : new Uri(rootPath).AbsoluteUri,
            ["capabilities"] = capabilities ?? new JsonObject(),
        };
        if (rootPath is not null)
        {
            p["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = new Uri(rootPath).AbsoluteUri, ["name"] = Path.GetFileName(rootPath) });
        }

        if (initializationOptions is not null)
        {
            p["initializationOptions"] = initializationOptions;
        }

        var response = await client.RequestAsync("initialize", p);
        var result = response["result"]!.AsObject();
        await client.NotifyAsync("initialized", new JsonObject());
        return (client, result);
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;

    public static JsonObject Position(int line, int character) => new() { ["line"] = line, ["character"] = character };

    public static JsonObject DocPos(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = Position(line, character),
    };

    public Task<JsonObject> RequestAsync(string method, JsonNode? parameters = null, TimeSpan? timeout = null) =>
        RequestWithIdAsync(method, parameters, out _, timeout);

    public Task<JsonObject> RequestWithIdAsync(string method, JsonNode? parameters, out long id, TimeSpan? timeout = null)
    {
        id = Interlocked.Increment(ref nextId);
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = tcs;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters.Parent is null ? parameters : parameters.DeepClone();
        }

        var send = SendAsync(message);
        return WaitAsync(send, tcs.Task, timeout ?? TimeSpan.FromSeconds(30), method);
    }

    /// <summary>The result of a request, failing the test when the server answered with an error.</summary>
    public async Task<JsonNode?> ResultAsync(string method, JsonNode? parameters = null)
    {
        var response = await RequestAsync(method, parameters);
        Assert.True(response["error"] is null, $"{method} failed: {response["error"]?.ToJsonString()}");
        return response["result"];
    }

    public Task NotifyAsync(string method, JsonNode? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return SendAsync(message);
    }

    public Task SendAsync(JsonObject message) => SendRawAsync(Encoding.UTF8.GetBytes(message.ToJsonString()));

    public async Task SendRawAsync(byte[] body)
    {
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        await writeLock.WaitAsync();
        try
        {
            await stdin.WriteAsync(header);
            await stdin.WriteAsync(body);
            await stdin.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Writes bytes as they are, with no framing added (for malformed headers and partial messages).</summary>
    public async Task SendBytesAsync(byte[] bytes)
    {
        await writeLock.WaitAsync();
        try
        {
            await stdin.WriteAsync(bytes);
            await stdin.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>One framed message as bytes, for tests that assemble their own byte stream.</summary>
    public static byte[] Frame(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>Closes the server's stdin without shutdown or exit.</summary>
    public void CloseInput() => stdin.Close();

    public int ProcessId => process.Id;

    /// <summary>Why reading the server's stdout failed (e.g. a non-LSP line on stdout), or null.</summary>
    public Exception? OutputError => readLoop.IsFaulted ? readLoop.Exception!.GetBaseException() : null;

    /// <summary>Sends several messages in one write, so the server reads them as one burst.</summary>
    public async Task SendBatchAsync(IEnumerable<JsonObject> messages)
    {
        using var buffer = new MemoryStream();
        foreach (var message in messages)
        {
            var body = Encoding.UTF8.GetBytes(message.ToJsonString());
            buffer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            buffer.Write(body);
        }

        await writeLock.WaitAsync();
        try
        {
            await stdin.WriteAsync(buffer.ToArray());
            await stdin.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    public JsonObject NewRequest(string method, JsonNode? parameters, out Task<JsonObject> response)
    {
        var id = Interlocked.Increment(ref nextId);
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = tcs;
        response = tcs.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
    }

    public static JsonObject Notification(string method, JsonNode? parameters) =>
        new() { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters };

    public List<JsonObject> Notifications(string method)
    {
        lock (notifications)
        {
            return [.. notifications.Where(n => (string?)n["method"] == method)];
        }
    }

    public List<JsonObject> ServerRequests(string method)
    {
        lock (serverRequests)
        {
            return [.. serverRequests.Where(n => (string?)n["method"] == method)];
        }
    }

    /// <summary>Waits for a notification (received from now on, or already received when <paramref name="includePast"/>).</summary>
    public async Task<JsonObject> WaitForNotificationAsync(string method, Func<JsonObject, bool>? predicate = null, TimeSpan? timeout = null, bool includePast = true, int skip = 0)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        int seen;
        lock (notifications)
        {
            seen = includePast ? 0 : notifications.Count;
        }

        while (true)
        {
            lock (notifications)
            {
                for (; seen < notifications.Count; seen++)
                {
                    var n = notifications[seen];
                    if ((string?)n["method"] == method && (predicate is null || predicate((JsonObject)n["params"]!)) && skip-- <= 0)
                    {
                        return (JsonObject)n["params"]!;
                    }
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no {method} notification matched within the timeout; stderr: {Stderr}");
            }

            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Diagnostics for a document: the latest publication that satisfies the predicate.</summary>
    public Task<JsonObject> WaitForDiagnosticsAsync(string uri, Func<JsonArray, bool>? predicate = null, TimeSpan? timeout = null, int skip = 0) =>
        WaitForNotificationAsync("textDocument/publishDiagnostics", p => (string?)p["uri"] == uri && (predicate is null || predicate(p["diagnostics"]!.AsArray())), timeout, skip: skip);

    public JsonObject? LatestDiagnostics(string uri)
    {
        lock (notifications)
        {
            return notifications.LastOrDefault(n => (string?)n["method"] == "textDocument/publishDiagnostics" && (string?)n["params"]!["uri"] == uri)?["params"]?.AsObject();
        }
    }

    public async Task OpenAsync(string uri, string text, int version = 1) =>
        await NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "notes", ["version"] = version, ["text"] = text },
        });

    public static JsonObject Change(string uri, int version, int line, int character, int endLine, int endCharacter, string text) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject
        {
            ["range"] = new JsonObject { ["start"] = Position(line, character), ["end"] = Position(endLine, endCharacter) },
            ["text"] = text,
        }),
    };

    /// <summary>Sends shutdown and exit, and returns the process exit code.</summary>
    public async Task<int> ShutdownAsync()
    {
        var response = await RequestAsync("shutdown");
        Assert.True(response.ContainsKey("result") && response["result"] is null, response.ToJsonString());
        await NotifyAsync("exit");
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                stdin.Close();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await process.WaitForExitAsync(cts.Token);
            }
            catch (Exception)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        try
        {
            await readLoop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
        }

        process.Dispose();
        writeLock.Dispose();
        arrived.Dispose();
    }

    private static async Task<JsonObject> WaitAsync(Task send, Task<JsonObject> response, TimeSpan timeout, string method)
    {
        await send;
        try
        {
            return await response.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no response to {method} within {timeout}");
        }
    }

    private async Task ReadLoopAsync()
    {
        var stdout = process.StandardOutput.BaseStream;
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            // Headers, byte by byte up to the blank line.
            buffer.Clear();
            while (true)
            {
                var n = await stdout.ReadAsync(one);
                if (n == 0)
                {
                    foreach (var p in pending.Values)
                    {
                        p.TrySetException(new EndOfStreamException("server closed its output"));
                    }

                    return;
                }

                buffer.Add(one[0]);
                if (buffer.Count >= 4 && buffer[^1] == '\n' && buffer[^2] == '\r' && buffer[^3] == '\n' && buffer[^4] == '\r')
                {
                    break;
                }
            }

            var headers = Encoding.ASCII.GetString([.. buffer]);
            var lengthLine = headers.Split("\r\n").First(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var body = new byte[length];
            await stdout.ReadExactlyAsync(body);
            var message = JsonNode.Parse(body)!.AsObject();
            if (message.ContainsKey("method") && message.ContainsKey("id"))
            {
                lock (serverRequests)
                {
                    serverRequests.Add(message);
                }

                var reply = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message["id"]!.DeepClone(), ["result"] = ServerRequestHandler(message) };
                _ = SendAsync(reply);
            }
            else if (message.ContainsKey("method"))
            {
                lock (notifications)
                {
                    notifications.Add(message);
                }

                arrived.Release();
            }
            else if (message["id"] is JsonValue idValue && idValue.TryGetValue<long>(out var id) && pending.TryRemove(id, out var tcs))
            {
                tcs.TrySetResult(message);
            }
            else
            {
                lock (notifications)
                {
                    // Responses without a known id (e.g. a parse error's null id) are kept as pseudo-notifications.
                    notifications.Add(new JsonObject { ["method"] = "(response)", ["params"] = message.DeepClone() });
                }

                arrived.Release();
            }
        }
    }

    private static string FindServer()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "NotesLsp.dll");
        if (File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "NotesLsp.runtimeconfig.json")))
        {
            return here;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Debug";
        var built = Path.Combine(TestData.RepoRoot, "src", "NotesLsp", "bin", configuration, "net10.0", "NotesLsp.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("NotesLsp.dll not found next to the tests or in src/NotesLsp/bin", built);
    }
}
