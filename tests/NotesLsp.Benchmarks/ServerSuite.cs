using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotesLsp.Benchmarks;

/// <summary>Options of the end-to-end server measurements.</summary>
public sealed record ServerOptions(double DocumentMB = 10, int Operations = 1000, double BudgetSeconds = 120, int StartupRuns = 20, int IndexRuns = 3, int IndexFiles = 1000, double IndexMB = 20, string? AotExecutable = null);

/// <summary>
/// The real <c>notes-lsp server</c> process, driven over stdio by <see cref="LspProcess"/>: open, didChange →
/// publishDiagnostics, completion, definition, hover, documentSymbol, coalescing, workspace indexing, start-up and
/// resident memory.
/// </summary>
public static class ServerSuite
{
    private const string Section = "Server (end to end over stdio)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(Report report, ServerOptions o)
    {
        await StartupAsync(report, o).ConfigureAwait(false);
        await DocumentAsync(report, o).ConfigureAwait(false);
        await IndexingAsync(report, o).ConfigureAwait(false);
    }

    /// <summary>Initializes a server without a workspace (no indexing), answering progress/registration requests with null.</summary>
    public static async Task<LspProcess> StartInitializedAsync(string? native = null, JsonObject? capabilities = null)
    {
        var server = LspProcess.StartNotesLsp(native);
        await server.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = null,
            ["capabilities"] = capabilities ?? new JsonObject(),
        }).ConfigureAwait(false);
        server.Notify("initialized", new JsonObject());
        return server;
    }

    public static async Task StartupAsync(Report report, ServerOptions o)
    {
        var variants = new List<(string Name, string? Native)> { ("framework-dependent (dotnet NotesLsp.dll server)", null) };
        if (o.AotExecutable is not null)
        {
            variants.Add(("Native AOT", o.AotExecutable));
        }

        foreach (var (name, native) in variants)
        {
            var samples = new Samples();
            long rss = 0;
            for (var i = 0; i < o.StartupRuns; i++)
            {
                var server = LspProcess.StartNotesLsp(native);
                var (_, response) = server.Request("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
                var reply = await response.WaitAsync(Timeout).ConfigureAwait(false);
                samples.Add(LspProcess.Ms(server.StartTimestamp, reply.Timestamp));
                rss = server.ResidentBytes();
                await server.DisposeAsync().ConfigureAwait(false);
            }

            var isAot = native is not null;
            report.Add(Section, $"process start → initialize reply, {name}", samples.ToString(), isAot ? "< 50 ms (Native AOT)" : string.Empty,
                isAot ? samples.P50 < 50 : null, $"idle RSS after initialize {ParserSuite.FormatBytes(rss)}");
        }
    }

    public static async Task DocumentAsync(Report report, ServerOptions o)
    {
        var dump = BenchData.Get(o.DocumentMB);
        var path = BenchData.File(o.DocumentMB);
        var uri = LspProcess.FileUri(path);
        var workload = new ServerWorkload(dump.Document);
        var mb = dump.Utf8Bytes / 1e6;
        var label = $"{mb:0.#} MB document" + (o.AotExecutable is null ? string.Empty : ", Native AOT build");

        // The build the VS Code extension ships (Native AOT) when it could be published.
        await using var server = await StartInitializedAsync(o.AotExecutable).ConfigureAwait(false);
        await Task.Delay(300).ConfigureAwait(false);
        var idleRss = server.ResidentBytes();

        // Open → first diagnostics.
        var version = 1;
        var opened = server.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "notes", ["version"] = version, ["text"] = dump.Text },
        });
        var first = await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, version), opened, Timeout).ConfigureAwait(false);
        var diagnosticCount = first.Root.GetProperty("params").GetProperty("diagnostics").GetArrayLength();
        report.Add(Section, $"didOpen → publishDiagnostics, {label}", $"{Samples.Ms(LspProcess.Ms(opened, first.Timestamp))} ms",
            note: $"{diagnosticCount:N0} diagnostics, {Samples.Ms(first.Bytes / 1e6)} MB of JSON");
        server.ClearNotifications();
        await Task.Delay(1000).ConfigureAwait(false);
        var openRss = server.ResidentBytes();
        report.Add("Memory", $"resident memory right after opening the {label}", $"{ParserSuite.FormatBytes(openRss)} = {openRss / 1e6 / mb:0.0}× the notes",
            "≤ 4× the notes' size", openRss <= 4 * mb * 1e6, $"idle server {ParserSuite.FormatBytes(idleRss)}; above idle {(openRss - idleRss) / 1e6 / mb:0.0}×");

        // Round trip of a request that does no work (hover on the category line): the transport's share.
        var ping = await TimeRequestsAsync(server, 200, 10, _ => ("textDocument/hover", LspProcess.Pos(uri, 0, 0))).ConfigureAwait(false);
        report.Add(Section, "round trip of an empty request (hover on the title line)", ping.ToString(), note: "transport + JSON-RPC dispatch, subtract from the latencies below for compute");

        // didChange → diagnostics published, or, when they do not change, the next answer (the server compares what it
        // would publish in line/character and stays silent when nothing moved). Each typed character goes out with a
        // hover on the title line in the same write, as an editor's next request; the publish, when there is one,
        // follows that answer within the compute time.
        var typed = new Samples();
        var typedPublished = 0;
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < o.Operations && budget.Elapsed.TotalSeconds < o.BudgetSeconds; i++)
        {
            version++;
            var v = version;
            var p = workload.Edits[i % workload.Edits.Count];
            var hover = server.NewRequest("textDocument/hover", LspProcess.Pos(uri, 0, 0), out var reply);
            var sent = server.Send(LspProcess.Notification("textDocument/didChange", Change(uri, v, p)), hover);
            var answered = await reply.WaitAsync(Timeout).ConfigureAwait(false);
            try
            {
                var published = await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, v), sent, TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                typed.Add(LspProcess.Ms(sent, published.Timestamp));
                typedPublished++;
            }
            catch (TimeoutException)
            {
                typed.Add(LspProcess.Ms(sent, answered.Timestamp));
            }

            server.ClearNotifications();
        }

        report.Add(Section, $"didChange (1 char) → diagnostics published, or the next answer when they do not change, {label}", typed.ToString(), "p95 < 5 ms", typed.P95 < 5,
            $"{typedPublished} of {typed.Count} edits published (a diagnostic on the edited line moved); the rest changed nothing the client shows");

        // Enter: every later diagnostic moves down a line, so each edit publishes the whole document's diagnostics.
        // Each line break is removed again by the next edit (also measured), so the query positions below stay valid.
        var enter = new Samples();
        var misses = 0;
        budget.Restart();
        for (var i = 0; i < o.Operations && budget.Elapsed.TotalSeconds < o.BudgetSeconds; i++)
        {
            version++;
            var v = version;
            var p = workload.Edits[(i / 2) % workload.Edits.Count];
            var edit = i % 2 == 0 ? Change(uri, v, p, "\n") : Delete(uri, v, p, new LspPos(p.Line + 1, 0));
            var sent = server.Notify("textDocument/didChange", edit);
            try
            {
                var published = await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, v), sent, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                enter.Add(LspProcess.Ms(sent, published.Timestamp));
            }
            catch (TimeoutException)
            {
                misses++;
            }

            server.ClearNotifications();
        }

        report.Add(Section, $"didChange (Enter, then its removal) → publishDiagnostics, {label}", enter.ToString(), "p95 < 5 ms", enter.P95 < 5,
            (misses > 0 ? $"{misses} edits published nothing within 10 s; " : string.Empty) + $"every later diagnostic moves a line: each publish re-sends all {diagnosticCount:N0}");

        // Coalescing: a request queued right behind the edit is answered first, and the flush waits for it.
        var behindReply = new Samples();
        var behindPublish = new Samples();
        for (var i = 0; i < Math.Min(100, o.Operations) && budget.Elapsed.TotalSeconds < o.BudgetSeconds * 1.5; i++)
        {
            version++;
            var v = version;
            var p = workload.Edits[(i / 2 + 7) % workload.Edits.Count];
            var edit = i % 2 == 0 ? Change(uri, v, p, "\n") : Delete(uri, v, p, new LspPos(p.Line + 1, 0));
            var hover = server.NewRequest("textDocument/hover", LspProcess.Pos(uri, 0, 0), out var reply);
            var sent = server.Send(LspProcess.Notification("textDocument/didChange", edit), hover);
            var answered = await reply.WaitAsync(Timeout).ConfigureAwait(false);
            var published = await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, v), sent, Timeout).ConfigureAwait(false);
            behindReply.Add(LspProcess.Ms(sent, answered.Timestamp));
            behindPublish.Add(LspProcess.Ms(answered.Timestamp, published.Timestamp));
            server.ClearNotifications();
        }

        report.Add(Section, "didChange (Enter or its removal) + request in one write: request answered after", behindReply.ToString(), note: "the edit is applied first (serial queue), then the request");
        report.Add(Section, "… then diagnostics published after the answer (coalescing delay + diagnostics compute)", behindPublish.ToString(), note: "no timer: the flush is posted behind queued messages and re-posted while more are waiting");

        // Burst: 10 edits in one write (9 characters, then an Enter, so the last version moves diagnostics) → how many
        // publishes, and when the last lands; the Enter is removed again afterwards, unmeasured.
        var burst = new Samples();
        var publishes = 0;
        var bursts = 0;
        for (var b = 0; b < 20 && budget.Elapsed.TotalSeconds < o.BudgetSeconds * 2; b++)
        {
            var messages = new List<JsonObject>();
            var firstVersion = version + 1;
            var p = workload.Edits[(b * 13) % workload.Edits.Count];
            for (var k = 0; k < 10; k++)
            {
                version++;
                var edit = k == 9 ? Change(uri, version, p, "\n") : Change(uri, version, workload.Edits[((b * 10) + k) % workload.Edits.Count]);
                messages.Add(LspProcess.Notification("textDocument/didChange", edit));
            }

            var v = version;
            var sent = server.Send([.. messages]);
            var last = await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, v), sent, Timeout).ConfigureAwait(false);
            burst.Add(LspProcess.Ms(sent, last.Timestamp));
            await Task.Delay(50).ConfigureAwait(false);
            publishes += server.Notifications().Count(n => n.Method == "textDocument/publishDiagnostics" && VersionOf(n) is { } nv && nv >= firstVersion && nv <= v);
            bursts++;
            server.ClearNotifications();

            version++;
            var removal = version;
            sent = server.Notify("textDocument/didChange", Delete(uri, removal, p, new LspPos(p.Line + 1, 0)));
            await server.WaitForNotificationAsync(n => IsDiagnostics(n, uri, removal), sent, Timeout).ConfigureAwait(false);
            server.ClearNotifications();
        }

        report.Add(Section, "burst of 10 didChange in one write → diagnostics of the last", burst.ToString(), note: $"{(double)publishes / Math.Max(1, bursts):0.0} publishes per burst (coalesced)");

        // Requests on the edited document.
        await Feature("textDocument/completion after '#La' in a tag list", i => ("textDocument/completion", LspProcess.Pos(uri, workload.Tags[i % workload.Tags.Count].Line, workload.Tags[i % workload.Tags.Count].Character)), "p95 < 2 ms").ConfigureAwait(false);
        await Feature("textDocument/completion after '・NNNN' (entry numbers)", i => ("textDocument/completion", LspProcess.Pos(uri, workload.ReferenceEnds[i % workload.ReferenceEnds.Count].Line, workload.ReferenceEnds[i % workload.ReferenceEnds.Count].Character)), "p95 < 2 ms").ConfigureAwait(false);
        await Feature("textDocument/definition on ・NNNN", i => ("textDocument/definition", LspProcess.Pos(uri, workload.References[i % workload.References.Count].Line, workload.References[i % workload.References.Count].Character)), "p95 < 2 ms").ConfigureAwait(false);
        await Feature("textDocument/hover on ・NNNN", i => ("textDocument/hover", LspProcess.Pos(uri, workload.References[i % workload.References.Count].Line, workload.References[i % workload.References.Count].Character)), string.Empty).ConfigureAwait(false);
        await Feature("textDocument/documentSymbol (whole outline)", _ => ("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }), string.Empty).ConfigureAwait(false);

        // Inlay hints for a visible range (~60 lines around an edited entry) and code lenses, as an editor asks after scrolling.
        var visible = await TimeRequestsAsync(server, o.Operations, 20, i =>
        {
            var at = workload.Edits[(i * 7) % workload.Edits.Count].Line;
            return ("textDocument/inlayHint", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri }, ["range"] = LspProcess.Range(Math.Max(0, at - 30), 0, at + 30, 0) });
        }, o.BudgetSeconds).ConfigureAwait(false);
        report.Add(Section, $"textDocument/inlayHint for a visible range (60 lines), {label}", visible.ToString(), "< 5 ms (with code lenses)", visible.P95 < 5);
        var lenses = await TimeRequestsAsync(server, Math.Min(o.Operations, 200), 5, _ => ("textDocument/codeLens", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }), o.BudgetSeconds).ConfigureAwait(false);
        report.Add(Section, $"textDocument/codeLens (whole document: LSP has no range for it), {label}", lenses.ToString(), "< 5 ms (with inlay hints)", lenses.P95 < 5);

        // One-character edit → fresh outline (the side-by-side metric), and → hover that reflects the edit.
        var symbolAfterEdit = new Samples();
        var hoverAfterEdit = new Samples();
        budget.Restart();
        for (var i = 0; i < o.Operations && budget.Elapsed.TotalSeconds < o.BudgetSeconds; i++)
        {
            version++;
            var p = workload.Edits[(i * 3) % workload.Edits.Count];
            var symbols = server.NewRequest("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } }, out var reply);
            var sent = server.Send(LspProcess.Notification("textDocument/didChange", Change(uri, version, p)), symbols);
            var answered = await reply.WaitAsync(Timeout).ConfigureAwait(false);
            symbolAfterEdit.Add(LspProcess.Ms(sent, answered.Timestamp));
            answered.Json.Dispose();

            version++;
            var r = workload.References[i % workload.References.Count];
            var hover = server.NewRequest("textDocument/hover", LspProcess.Pos(uri, r.Line, r.Character), out var hoverReply);
            sent = server.Send(LspProcess.Notification("textDocument/didChange", Change(uri, version, p)), hover);
            answered = await hoverReply.WaitAsync(Timeout).ConfigureAwait(false);
            hoverAfterEdit.Add(LspProcess.Ms(sent, answered.Timestamp));
            answered.Json.Dispose();
            if (i % 16 == 0)
            {
                server.ClearNotifications();
            }
        }

        server.ClearNotifications();
        report.Add(Section, "didChange (1 char) → fresh documentSymbol outline", symbolAfterEdit.ToString(), note: "the whole outline; the target for the outline is the ratio to the Markdown server");

        // Typing into a title, then searching the workspace for what was typed: the symbol must already be there.
        var symbolFindsEdit = new Samples();
        var missed = 0;
        budget.Restart();
        for (var i = 0; i < Math.Min(o.Operations, 300) && budget.Elapsed.TotalSeconds < o.BudgetSeconds; i++)
        {
            version++;
            var word = "Qz" + Letters(i);
            var search = server.NewRequest("workspace/symbol", new JsonObject { ["query"] = word }, out var reply);
            var sent = server.Send(LspProcess.Notification("textDocument/didChange", Change(uri, version, workload.TitleStarts[i % workload.TitleStarts.Count], word + " ")), search);
            var answered = await reply.WaitAsync(Timeout).ConfigureAwait(false);
            symbolFindsEdit.Add(LspProcess.Ms(sent, answered.Timestamp));
            var found = answered.Json.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array
                && result.EnumerateArray().Any(s => s.GetProperty("name").GetString()!.Contains(word, StringComparison.Ordinal));
            missed += found ? 0 : 1;
            answered.Json.Dispose();
            if (i % 16 == 0)
            {
                server.ClearNotifications();
            }
        }

        server.ClearNotifications();
        report.Add(Section, "didChange (a word typed into a title) → workspace/symbol that finds it", symbolFindsEdit.ToString() + (missed > 0 ? $" · {missed} not found" : string.Empty), "p95 < 5 ms", symbolFindsEdit.P95 < 5 && missed == 0);
        report.Add(Section, "didChange (1 char) → hover on ・NNNN reflecting the edit", hoverAfterEdit.ToString(), note: "the edit is applied before the hover (serial queue): re-parse + Workspace.Set + hover");

        await Task.Delay(1000).ConfigureAwait(false);
        var rss = server.ResidentBytes();
        var peak = server.PeakResidentBytes();
        var perMb = rss / 1e6 / mb;
        report.Add("Memory", $"resident memory with the {label} open, after all the runs above", $"{ParserSuite.FormatBytes(rss)} = {perMb:0.0}× the notes (peak {ParserSuite.FormatBytes(peak)})",
            "≤ 4× the notes' size", perMb <= 4, $"idle server {ParserSuite.FormatBytes(idleRss)}; above idle {(rss - idleRss) / 1e6 / mb:0.0}×");

        async Task Feature(string name, Func<int, (string Method, JsonObject Params)> make, string target)
        {
            var samples = await TimeRequestsAsync(server, o.Operations, 20, make, o.BudgetSeconds).ConfigureAwait(false);
            report.Add(Section, $"{name}, {label}", samples.ToString(), target, target.Length > 0 ? samples.P95 < 2 : null);
        }
    }

    public static async Task IndexingAsync(Report report, ServerOptions o)
    {
        var dir = BenchData.WorkspaceDir(o.IndexFiles, o.IndexMB);
        _ = BenchData.WorkspaceFiles(o.IndexFiles, o.IndexMB);
        var files = Directory.GetFiles(dir, "*.notes");
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var samples = new Samples();
        var afterReply = new Samples();
        long rss = 0;
        for (var run = 0; run < o.IndexRuns; run++)
        {
            var server = LspProcess.StartNotesLsp(o.AotExecutable);
            var rootUri = LspProcess.FileUri(dir);
            var (sent, init) = server.Request("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = rootUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "bench" }),
                ["capabilities"] = new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } },
            });
            var initialized = await init.WaitAsync(Timeout).ConfigureAwait(false);
            server.Notify("initialized", new JsonObject());
            var end = await server.WaitForNotificationAsync(n => n.Method == "$/progress" && n.Root.GetProperty("params").GetProperty("value").GetProperty("kind").GetString() == "end", sent, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            samples.Add(LspProcess.Ms(sent, end.Timestamp));
            afterReply.Add(LspProcess.Ms(initialized.Timestamp, end.Timestamp));
            await Task.Delay(500).ConfigureAwait(false);
            rss = server.ResidentBytes();
            await server.DisposeAsync().ConfigureAwait(false);
        }

        report.Add(Section, $"workspace indexing, {files.Length:N0} files / {bytes / 1e6:0.0} MB{(o.AotExecutable is null ? string.Empty : ", Native AOT build")}: initialize sent → $/progress end", $"median {Samples.Ms(samples.P50)} ms, max {Samples.Ms(samples.Max)} ms (n={samples.Count})",
            "< 1 s", samples.P50 < 1000, $"initialize is sent as the process starts, as editors do, so this includes .NET start-up; from the initialize reply: median {Samples.Ms(afterReply.P50)} ms");
        report.Add("Memory", $"resident memory after indexing {bytes / 1e6:0.0} MB in {files.Length:N0} files", $"{ParserSuite.FormatBytes(rss)} = {rss / (double)bytes:0.0}× the notes", "≤ 4× the notes' size", rss <= 4 * bytes);
    }

    public static JsonObject Delete(string uri, int version, LspPos from, LspPos to) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = LspProcess.Range(from.Line, from.Character, to.Line, to.Character), ["text"] = string.Empty }),
    };

    /// <summary>A distinct letters-only word for each index (a, b, …, z, ba, bb, …), so queries never match each other's edits by accident.</summary>
    private static string Letters(int i)
    {
        var letters = string.Empty;
        do
        {
            letters = (char)('a' + (i % 26)) + letters;
            i /= 26;
        }
        while (i > 0);
        return letters + "q";
    }

    public static JsonObject Change(string uri, int version, LspPos at, string text = "x") => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
        ["contentChanges"] = new JsonArray(new JsonObject { ["range"] = LspProcess.Range(at.Line, at.Character, at.Line, at.Character), ["text"] = text }),
    };

    /// <summary>Sends <paramref name="count"/> requests one after the other (after <paramref name="warmup"/> unmeasured ones) and times each round trip.</summary>
    public static async Task<Samples> TimeRequestsAsync(LspProcess server, int count, int warmup, Func<int, (string Method, JsonObject Params)> make, double budgetSeconds = double.MaxValue)
    {
        var samples = new Samples();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < count + warmup && budget.Elapsed.TotalSeconds < budgetSeconds; i++)
        {
            var (method, parameters) = make(i);
            var (sent, response) = server.Request(method, parameters);
            var reply = await response.WaitAsync(Timeout).ConfigureAwait(false);
            if (reply.Root.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"{method} failed: {error.GetRawText()}");
            }

            if (i >= warmup)
            {
                samples.Add(LspProcess.Ms(sent, reply.Timestamp));
            }

            reply.Json.Dispose();
        }

        return samples;
    }

    private static bool IsDiagnostics(Received n, string uri, int version) =>
        n.Method == "textDocument/publishDiagnostics" && n.Root.GetProperty("params").GetProperty("uri").GetString() == uri && VersionOf(n) == version;

    private static int? VersionOf(Received n) =>
        n.Root.GetProperty("params").TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
