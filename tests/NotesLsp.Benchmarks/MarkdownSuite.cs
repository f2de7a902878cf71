using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotesLsp.Benchmarks;

/// <summary>
/// The side-by-side run: writes the same content as a note dump and as Markdown plus one edit script, and runs the
/// Node client (tests/bench/markdown/compare.js) that drives vscode-markdown-languageserver and notes-lsp with it.
/// </summary>
public static class MarkdownSuite
{
    private const string Section = "Side by side: vscode-markdown-languageserver 0.5.0 vs notes-lsp (same client, same script)";

    public static string ClientDir => Path.Combine(BenchPaths.RepoRoot, "tests", "bench", "markdown");

    /// <summary>Writes the Markdown rendering and the script; returns the script's path.</summary>
    public static string WriteScript(double megabytes, int edits, string directory, string notesCommand, IReadOnlyList<string> notesArgs, int warmupEdits = 2)
    {
        Directory.CreateDirectory(Path.Combine(directory, "notes"));
        Directory.CreateDirectory(Path.Combine(directory, "markdown"));
        var dump = BenchData.Get(megabytes);
        var notesPath = Path.Combine(directory, "notes", "dump.notes");
        File.WriteAllText(notesPath, dump.Text, new UTF8Encoding(false));
        var (markdown, summaryLines) = MarkdownRendering.Render(dump.Document);
        var mdPath = Path.Combine(directory, "markdown", "dump.md");
        File.WriteAllText(mdPath, markdown, new UTF8Encoding(false));

        // The same entries are edited on both sides: one character into the summary of entries spread over the document.
        var notesEdits = new JsonArray();
        var mdEdits = new JsonArray();
        var entries = dump.Document.EntryCount;
        var total = edits + warmupEdits;
        for (var i = 0; i < total; i++)
        {
            var index = 1 + (int)((i + 0.5) * entries / total);
            var entry = dump.Document.EntryByIndex(index);
            var p = dump.Document.PositionOf(entry.Start + entry.Syntax.SummarySpan.Start + 1);
            notesEdits.Add(new JsonObject { ["line"] = p.Line, ["character"] = p.Character });
            mdEdits.Add(new JsonObject { ["line"] = summaryLines[index - 1], ["character"] = MarkdownRendering.SummaryPrefix.Length + 1 });
        }

        var script = new JsonObject
        {
            ["edits"] = edits,
            ["warmupEdits"] = warmupEdits,
            ["timeoutMs"] = 900_000,
            ["notes"] = new JsonObject { ["path"] = notesPath, ["command"] = notesCommand, ["args"] = new JsonArray(notesArgs.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()), ["editPositions"] = notesEdits },
            ["markdown"] = new JsonObject { ["path"] = mdPath, ["editPositions"] = mdEdits },
        };
        var scriptPath = Path.Combine(directory, "script.json");
        File.WriteAllText(scriptPath, script.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return scriptPath;
    }

    /// <summary>Installs the client's npm packages if needed (npm ci from its lock file).</summary>
    public static bool EnsureClient(Report report)
    {
        if (Directory.Exists(Path.Combine(ClientDir, "node_modules", "vscode-markdown-languageserver")) && Directory.Exists(Path.Combine(ClientDir, "node_modules", "markdown-it")))
        {
            return true;
        }

        var (code, _, err) = Run("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], ClientDir, TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            report.Add(Section, "npm ci in tests/bench/markdown", "failed", note: err.Trim().Split('\n').LastOrDefault() ?? string.Empty);
            return false;
        }

        return true;
    }

    /// <summary>Runs the side-by-side comparison; NotesLsp runs as the Native AOT build (what the VS Code extension ships) when there is one.</summary>
    public static void Run(Report report, double megabytes, int edits, string? aotExecutable = null)
    {
        if (!EnsureClient(report))
        {
            return;
        }

        var dir = Path.Combine(BenchPaths.DataDir, $"side-by-side-{megabytes:0.#}MB");
        var script = aotExecutable is null
            ? WriteScript(megabytes, edits, dir, "dotnet", [BenchPaths.ServerDll(), "server"])
            : WriteScript(megabytes, edits, dir, aotExecutable, ["server"]);
        var output = Path.Combine(dir, "result.json");
        Console.WriteLine($"  side by side: node compare.js --script {script}");
        var (code, _, err) = Run("node", [Path.Combine(ClientDir, "compare.js"), "--script", script, "--out", output], ClientDir, TimeSpan.FromMinutes(40), echo: true);
        if (code != 0 || !File.Exists(output))
        {
            report.Add(Section, "node compare.js", "failed", note: err.Trim().Split('\n').LastOrDefault() ?? string.Empty);
            return;
        }

        var result = JsonNode.Parse(File.ReadAllText(output))!;
        var md = result["markdown"]!;
        var notes = result["notes"]!;
        var mdMb = md["bytes"]!.GetValue<double>() / 1e6;
        var notesMb = notes["bytes"]!.GetValue<double>() / 1e6;
        report.Add(Section, "content", $"notes {notesMb:0.0} MB · Markdown {mdMb:0.0} MB", note:
            $"{notes["outlineSymbols"]} vs {md["outlineSymbols"]} outline symbols ({notes["outlineBytes"]?.GetValue<double>() / 1e6:0.0} vs {md["outlineBytes"]?.GetValue<double>() / 1e6:0.0} MB of JSON); links resolved {md["links"]?["resolved"]}, broken {md["links"]?["missing"]}; diagnostics on open: Markdown {Fmt(md["diagnosticCodes"])}, notes {Fmt(notes["diagnosticCodes"])}; Markdown client answered {Fmt(md["serverRequests"])} in {md["clientAnsweringMs"]!.GetValue<double>():0} ms (counted as the peer's); NotesLsp build: {(aotExecutable is null ? "framework-dependent" : "Native AOT")}");

        Ratio("open: didOpen → outline (documentSymbol)", md["openOutlineMs"]!.GetValue<double>(), notes["openOutlineMs"]!.GetValue<double>(), null);
        Ratio($"open: didOpen → diagnostics (Markdown: {md["diagnosticsMode"]}; notes: {notes["diagnosticsMode"]}, as each serves a client that can pull)", md["openDiagnosticsMs"]!.GetValue<double>(), notes["openDiagnosticsMs"]!.GetValue<double>(), null);
        var n = md["editOutlineMs"]!["n"]!.GetValue<int>();
        Ratio($"per edit: 1 char → fresh outline, p50 of {n} (after {md["warmupEdits"]} unmeasured)", md["editOutlineMs"]!["p50"]!.GetValue<double>(), notes["editOutlineMs"]!["p50"]!.GetValue<double>(), 100);
        Ratio($"per edit: 1 char → diagnostics (Markdown: {md["diagnosticsMode"]}; notes: {notes["diagnosticsMode"]}), p50 of {n}", md["editDiagnosticsMs"]!["p50"]!.GetValue<double>(), notes["editDiagnosticsMs"]!["p50"]!.GetValue<double>(), null);
        var mdRss = md["rss"]!.GetValue<double>();
        var notesRss = notes["rss"]!.GetValue<double>();
        report.Add(Section, "resident memory after the edits", $"Markdown {ParserSuite.FormatBytes((long)mdRss)} ({mdRss / 1e6 / mdMb:0.0}×) · notes {ParserSuite.FormatBytes((long)notesRss)} ({notesRss / 1e6 / notesMb:0.0}×)",
            note: $"ratio {mdRss / notesRss:0.0}×");

        void Ratio(string name, double mdMs, double notesMs, double? target)
        {
            var ratio = mdMs / notesMs;
            report.Add(Section, name, $"Markdown {Samples.Ms(mdMs)} ms · notes {Samples.Ms(notesMs)} ms · notes {ratio:0}× faster",
                target is { } t ? $"≥ {t}× faster per edit" : string.Empty, target is { } t2 ? ratio >= t2 : null);
        }
    }

    private static string Fmt(JsonNode? requests) =>
        requests is JsonObject o ? string.Join(", ", o.Select(kv => $"{kv.Value} {kv.Key}")) : "nothing";

    public static (int Code, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, bool echo = false)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }

                if (echo)
                {
                    Console.WriteLine("    " + e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, stdout.ToString(), stderr + "\ntimed out");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
