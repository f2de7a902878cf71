using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>
/// A whole collection (one dump per tag, <see cref="CollectionGenerator"/>) as users run it: the server (Native AOT
/// when published) indexes the folder over stdio, then workspace symbols, definition/hover, references of a popular
/// tag, a tag rename, edits → diagnostics, and the resident memory of the server process; and <c>check</c> of the
/// whole folder by the CLI.
/// </summary>
public static class CollectionSuite
{
    private const string Section = "Collection (one dump per tag, end to end over stdio)";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static CollectionInfo Ensure(double megabytes)
    {
        var dir = Path.Combine(BenchPaths.DataDir, CollectionGenerator.DirectoryName(megabytes));
        var marker = Path.Combine(dir, ".complete");
        if (File.Exists(marker))
        {
            return JsonSerializer.Deserialize<CollectionInfo>(File.ReadAllText(marker))!;
        }

        return new CollectionGenerator().Write(dir, (long)(megabytes * BenchData.MB));
    }

    public static async Task RunAsync(Report report, double megabytes, int indexRuns, int operations, string? aot)
    {
        var info = Ensure(megabytes);
        var build = aot is null ? "framework-dependent build" : "Native AOT build";
        var mb = info.Bytes / 1e6;
        report.Add(Section, $"collection ({CollectionGenerator.DirectoryName(megabytes)})", $"{info.Dumps:N0} dumps · {info.Copies:N0} copies of {info.Entries:N0} entries · {mb:0.0} MB",
            note: $"{info.Tagless:N0} tagless copies, {info.Drifted:N0} drifted copies; #{info.PopularTag} used {info.PopularTagUses:N0} times");

        // Indexing: a fresh server per run.
        var index = new Samples();
        var indexRss = new List<long>();
        for (var run = 0; run < indexRuns; run++)
        {
            var server = LspProcess.StartNotesLsp(aot);
            var (sent, end, _) = await InitializeAsync(server, info.Directory).ConfigureAwait(false);
            index.Add(LspProcess.Ms(sent, end));
            await Task.Delay(1000).ConfigureAwait(false);
            indexRss.Add(server.ResidentBytes());
            await server.DisposeAsync().ConfigureAwait(false);
        }

        report.Add(Section, $"indexing {info.Dumps} dumps / {mb:0.0} MB: initialize sent → $/progress end, {build}", index.ToString(), "< 1 s", index.P50 < 1000);
        var rssAfterIndex = indexRss.Order().ElementAt(indexRss.Count / 2);
        report.Add(Section, "resident memory after indexing (1 s later)", $"{ParserSuite.FormatBytes(rssAfterIndex)} = {rssAfterIndex / (double)info.Bytes:0.00}× the notes", "≤ 2.5× the notes' size", rssAfterIndex <= 2.5 * info.Bytes);

        // A session: open the dump of the most used tag, then requests.
        await using var s = LspProcess.StartNotesLsp(aot);
        await InitializeAsync(s, info.Directory).ConfigureAwait(false);
        var peaks = new List<string>();
        void PeakAfter(string phase) => peaks.Add($"{phase} {s.PeakResidentBytes() / (double)info.Bytes:0.00}×");
        PeakAfter("indexing");
        var files = Directory.GetFiles(info.Directory, "*.notes");
        var path = files.OrderByDescending(f => new FileInfo(f).Length).First();
        var text = File.ReadAllText(path);
        var uri = LspProcess.FileUri(path);
        var document = NoteDocument.Parse(text);
        var workload = new ServerWorkload(document);
        var version = 1;
        var opened = s.Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "notes", ["version"] = version, ["text"] = text },
        });
        await s.WaitForNotificationAsync(n => n.Method == "textDocument/publishDiagnostics" && n.Root.GetProperty("params").GetProperty("uri").GetString() == uri, opened, Timeout).ConfigureAwait(false);
        s.ClearNotifications();
        PeakAfter("open");
        var label = $"open dump {Path.GetFileName(path)} ({new FileInfo(path).Length / 1e6:0.0} MB), {build}";

        // Twenty workspace/symbol queries (words of titles and numbers).
        string[] queries = ["memory", "agent", "Hallucination", "knowledge", "RL", "10513", "In-Context", "Survey", "editing", "benchmark", "LLM", "reasoning", "2026", "Forgetting", "Continual", "Transformer", "retrieval", "355", "Factual", "tool"];
        var symbols = await ServerSuite.TimeRequestsAsync(s, queries.Length, 2, i => ("workspace/symbol", new JsonObject { ["query"] = queries[i % queries.Length] })).ConfigureAwait(false);
        PeakAfter("symbols");
        report.Add(Section, "workspace/symbol (20 queries)", symbols.ToString(), "p95 < 20 ms", symbols.P95 < 20);

        var ops = Math.Min(operations, workload.References.Count * 4);
        var definition = await ServerSuite.TimeRequestsAsync(s, ops, 20, i => ("textDocument/definition", LspProcess.Pos(uri, workload.References[i % workload.References.Count].Line, workload.References[i % workload.References.Count].Character)), 45).ConfigureAwait(false);
        report.Add(Section, $"textDocument/definition on ・NNNN, {label}", definition.ToString(), "p95 < 5 ms", definition.P95 < 5);
        var hover = await ServerSuite.TimeRequestsAsync(s, ops, 20, i => ("textDocument/hover", LspProcess.Pos(uri, workload.References[i % workload.References.Count].Line, workload.References[i % workload.References.Count].Character)), 45).ConfigureAwait(false);
        PeakAfter("definition, hover");
        report.Add(Section, $"textDocument/hover on ・NNNN, {label}", hover.ToString(), "p95 < 5 ms", hover.P95 < 5);

        // References and rename of the popular tag, at one of its uses: in the open dump, unless that is the tag's own
        // dump (which leaves the tag out of its copies), then in the largest dump that uses it (not open: served from disk).
        var (tagUri, tagPos) = (uri, TagPosition(document, info.PopularTag));
        foreach (var other in files.OrderByDescending(f => new FileInfo(f).Length))
        {
            if (tagPos is not null)
            {
                break;
            }

            (tagUri, tagPos) = (LspProcess.FileUri(other), TagPosition(NoteDocument.Parse(File.ReadAllText(other)), info.PopularTag));
        }

        var at = tagPos ?? throw new InvalidOperationException($"#{info.PopularTag} is used in no dump");
        var refs = new Samples();
        var refCount = 0;
        for (var i = 0; i < 12; i++)
        {
            var (sent, response) = s.Request("textDocument/references", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = tagUri },
                ["position"] = new JsonObject { ["line"] = at.Line, ["character"] = at.Character },
                ["context"] = new JsonObject { ["includeDeclaration"] = true },
            });
            var reply = await response.WaitAsync(Timeout).ConfigureAwait(false);
            if (i >= 2)
            {
                refs.Add(LspProcess.Ms(sent, reply.Timestamp));
            }

            refCount = reply.Root.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : -1;
            reply.Json.Dispose();
        }

        PeakAfter("references");
        report.Add(Section, $"textDocument/references on #{info.PopularTag}", refs.ToString(), "< 200 ms", refs.P95 < 200, $"{refCount:N0} locations");

        var renames = new Samples();
        var edits = 0;
        for (var i = 0; i < 4; i++)
        {
            var (sent, response) = s.Request("textDocument/rename", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = tagUri },
                ["position"] = new JsonObject { ["line"] = at.Line, ["character"] = at.Character },
                ["newName"] = info.PopularTag + "Renamed",
            });
            var reply = await response.WaitAsync(Timeout).ConfigureAwait(false);
            if (i >= 1)
            {
                renames.Add(LspProcess.Ms(sent, reply.Timestamp));
            }

            edits = CountEdits(reply.Root);
            reply.Json.Dispose();
        }

        PeakAfter("renames");
        report.Add(Section, $"textDocument/rename of #{info.PopularTag} (used {info.PopularTagUses:N0} times)", renames.ToString(), "< 500 ms", renames.P95 < 500, $"{edits:N0} text edits (computed, not applied)");

        // Edit → diagnostics (or the next answer when nothing the client shows changed), as the 10 MB suite measures.
        var typed = new Samples();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < operations && budget.Elapsed.TotalSeconds < 45; i++)
        {
            version++;
            var v = version;
            var p = workload.Edits[i % workload.Edits.Count];
            var probe = s.NewRequest("textDocument/hover", LspProcess.Pos(uri, 0, 0), out var reply);
            var sent = s.Send(LspProcess.Notification("textDocument/didChange", ServerSuite.Change(uri, v, p)), probe);
            var answered = await reply.WaitAsync(Timeout).ConfigureAwait(false);
            try
            {
                var published = await s.WaitForNotificationAsync(n => n.Method == "textDocument/publishDiagnostics" && n.Root.GetProperty("params").GetProperty("uri").GetString() == uri && n.Root.GetProperty("params").TryGetProperty("version", out var pv) && pv.ValueKind == JsonValueKind.Number && pv.GetInt32() == v, sent, TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
                typed.Add(LspProcess.Ms(sent, published.Timestamp));
            }
            catch (TimeoutException)
            {
                typed.Add(LspProcess.Ms(sent, answered.Timestamp));
            }

            answered.Json.Dispose();
            s.ClearNotifications();
        }

        PeakAfter("edits");
        report.Add(Section, $"didChange (1 char) → diagnostics or the next answer, {label}", typed.ToString(), "p95 < 5 ms", typed.P95 < 5);

        // Twenty more workspace/symbol queries and a rename (the session's peak), then memory.
        await ServerSuite.TimeRequestsAsync(s, queries.Length, 0, i => ("workspace/symbol", new JsonObject { ["query"] = queries[(i + 7) % queries.Length] })).ConfigureAwait(false);
        await Task.Delay(1000).ConfigureAwait(false);
        var rss = s.ResidentBytes();
        var peak = s.PeakResidentBytes();
        report.Add(Section, "resident memory after the session (1 s idle)", $"{ParserSuite.FormatBytes(rss)} = {rss / (double)info.Bytes:0.00}× the notes", note: "session: open the largest dump, 40 workspace/symbol, definition, hover, references, 4 renames (computed), edits");
        report.Add(Section, "peak resident memory through the session (VmHWM)", $"{ParserSuite.FormatBytes(peak)} = {peak / (double)info.Bytes:0.00}× the notes", "≤ 3× the notes' size", peak <= 3 * info.Bytes, "peak after each phase: " + string.Join(", ", peaks));
    }

    /// <summary><c>notes-lsp check DIR</c> with the given executable (AOT binary or dotnet + dll).</summary>
    public static void Check(Report report, double megabytes, string? aot, int runs)
    {
        var info = Ensure(megabytes);
        var samples = new Samples();
        var summary = string.Empty;
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            var (code, stdout, _) = aot is null
                ? MarkdownSuite.Run("dotnet", [BenchPaths.ServerDll(), "check", info.Directory, "--format", "json"], BenchPaths.RepoRoot, TimeSpan.FromMinutes(5))
                : MarkdownSuite.Run(aot, ["check", info.Directory, "--format", "json"], BenchPaths.RepoRoot, TimeSpan.FromMinutes(5));
            samples.Add(sw.Elapsed.TotalMilliseconds);
            using var json = JsonDocument.Parse(stdout);
            var s = json.RootElement.GetProperty("summary");
            summary = $"exit {code}; {s.GetProperty("errors").GetInt32()} errors, {s.GetProperty("warnings").GetInt32()} warnings, {s.GetProperty("information").GetInt32():N0} information, {s.GetProperty("hints").GetInt32():N0} hints";
        }

        report.Add(Section, $"notes-lsp check of the whole collection ({info.Dumps} dumps, {info.Bytes / 1e6:0.0} MB), {(aot is null ? "framework-dependent" : "Native AOT")} CLI", samples.ToString(), "< 2 s", samples.P50 < 2000, summary);
    }

    private static async Task<(long Sent, long End, long Replied)> InitializeAsync(LspProcess server, string dir)
    {
        var rootUri = LspProcess.FileUri(dir);
        var (sent, init) = server.Request("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "collection" }),
            ["capabilities"] = new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } },
        });
        var replied = await init.WaitAsync(Timeout).ConfigureAwait(false);
        server.Notify("initialized", new JsonObject());
        var end = await server.WaitForNotificationAsync(n => n.Method == "$/progress" && n.Root.GetProperty("params").GetProperty("value").GetProperty("kind").GetString() == "end", sent, TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        server.ClearNotifications();
        return (sent, end.Timestamp, replied.Timestamp);
    }

    private static LspPos? TagPosition(NoteDocument document, string tag)
    {
        foreach (var entry in document.Entries())
        {
            foreach (var t in entry.Syntax.Tags)
            {
                if (t.Name == tag)
                {
                    var p = document.PositionOf(entry.Start + t.Span.Start + 1);
                    return new LspPos(p.Line, p.Character);
                }
            }
        }

        return null;
    }

    private static int CountEdits(JsonElement root)
    {
        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return -1;
        }

        var n = 0;
        if (result.TryGetProperty("changes", out var changes))
        {
            foreach (var file in changes.EnumerateObject())
            {
                n += file.Value.GetArrayLength();
            }
        }

        if (result.TryGetProperty("documentChanges", out var documentChanges))
        {
            foreach (var change in documentChanges.EnumerateArray())
            {
                if (change.TryGetProperty("edits", out var e))
                {
                    n += e.GetArrayLength();
                }
            }
        }

        return n;
    }
}
