using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace NotesLsp.Benchmarks;

/// <summary>Runs the BenchmarkDotNet classes (in process, so the generated dumps are made once) and reports against the targets.</summary>
public static class ParserSuite
{
    public const double ParseTargetMBps = 200;
    public const double EditTargetMs = 0.2;

    public static IConfig Config(bool quick)
    {
        var job = (quick
                ? Job.Default.WithWarmupCount(3).WithIterationCount(5).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100)).WithEvaluateOverhead(false)
                : Job.Default.WithWarmupCount(4).WithIterationCount(15))
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId(quick ? "quick" : "full");
        var config = ManualConfig.CreateEmpty();
        if (quick)
        {
            // Quick mode: every edit at every place on the largest dump, and at the other sizes at the start and in the
            // middle (enough to show that allocations do not grow with the file).
            config = config.AddFilter(new SimpleFilter(b => !b.Parameters.Items.Any(p => p.Name == "Where")
                || (int)b.Parameters["SizeMB"] == 50 || (EditWhere)b.Parameters["Where"] != EditWhere.End));
        }

        return config
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine(BenchPaths.ArtifactsDir, "bdn"))
            .WithOptions(ConfigOptions.DisableLogFile)
            .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(24));
    }

    public static void Run(Report report, bool quick, int[] sizes)
    {
        var config = Config(quick);

        // In process, the first benchmark would otherwise meet code that tiered JIT has not optimised yet.
        var small = BenchData.Get(1);
        for (var i = 0; i < 40; i++)
        {
            _ = NotesLsp.Syntax.NoteDocument.Parse(small.Text);
            foreach (var kind in Enum.GetValues<EditKind>())
            {
                _ = small.Document.WithChange(EditScenarios.Change(small.Document, kind, EditWhere.Middle));
            }
        }

        Thread.Sleep(500);
        var parse = BenchmarkRunner.Run<FullParseBenchmarks>(config);
        var edit = BenchmarkRunner.Run<EditBenchmarks>(config);
        var analysis = BenchmarkRunner.Run<AnalysisBenchmarks>(config);
        var index = BenchmarkRunner.Run<WorkspaceIndexBenchmarks>(config);
        var handlers = BenchmarkRunner.Run<HandlerBenchmarks>(config);

        var parseMs = new Dictionary<int, double>();
        foreach (var r in parse.Reports.Where(r => r.ResultStatistics is not null))
        {
            var size = Param<int>(r, "SizeMB");
            if (!sizes.Contains(size))
            {
                continue;
            }

            var ms = r.ResultStatistics!.Mean / 1e6;
            parseMs[size] = ms;
            var bytes = BenchData.Get(size).Utf8Bytes;
            var mbps = bytes / 1e6 / (ms / 1e3);
            report.Add("Parser: full parse", $"{size} MB dump ({BenchData.Get(size).Document.EntryCount:N0} entries)", $"{mbps:0} MB/s ({ms:0.0} ms, {Alloc(r)} allocated)",
                $"≥ {ParseTargetMBps} MB/s", mbps >= ParseTargetMBps, $"{Environment.ProcessorCount} cores; blocks parse in parallel above 1 MB");
        }

        foreach (var r in edit.Reports.Where(r => r.ResultStatistics is not null).OrderBy(r => Param<int>(r, "SizeMB")).ThenBy(r => Param<EditKind>(r, "Kind")).ThenBy(r => Param<EditWhere>(r, "Where")))
        {
            var size = Param<int>(r, "SizeMB");
            var kind = Param<EditKind>(r, "Kind");
            var where = Param<EditWhere>(r, "Where");
            if (!sizes.Contains(size))
            {
                continue;
            }

            var ms = r.ResultStatistics!.Mean / 1e6;
            var share = parseMs.TryGetValue(size, out var full) ? ms / full * 100 : double.NaN;
            var document = BenchData.Get(size).Document;
            var reparsed = document.WithChange(EditScenarios.Change(document, kind, where)).ReparsedBlocks;
            var isTarget = size == sizes.Max() && kind == EditKind.InsertChar;
            report.Add(
                size == sizes.Max() ? $"Parser: incremental edit on {size} MB" : "Parser: allocations per edit vs size",
                $"{kind} at {where.ToString().ToLowerInvariant()}" + (size == sizes.Max() ? string.Empty : $" ({size} MB)"),
                $"{ms * 1000:0.0} µs · {share:0.000}% of full parse · {Alloc(r)}/edit · {reparsed} blocks re-parsed",
                isTarget ? $"≤ 1% of parse and < {EditTargetMs} ms" : string.Empty,
                isTarget ? share <= 1 && ms < EditTargetMs : null);
        }

        // Allocation independence: the same edit at every size. At the start it is the very same entry in every dump
        // (the dumps share the seed, so the smaller one is a prefix of the larger); in the middle the entries differ.
        foreach (var where in new[] { EditWhere.Start, EditWhere.Middle })
        {
            foreach (var kind in Enum.GetValues<EditKind>())
            {
                var allocs = sizes.Select(s => edit.Reports.FirstOrDefault(r => Param<int>(r, "SizeMB") == s && Param<EditKind>(r, "Kind") == kind && Param<EditWhere>(r, "Where") == where))
                    .Where(r => r is not null).Select(r => r!.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0).ToList();
                if (allocs.Count == sizes.Length && allocs.Min() > 0)
                {
                    var ratio = (double)allocs.Max() / allocs.Min();
                    report.Add("Parser: allocations per edit vs size", $"{kind} at {where.ToString().ToLowerInvariant()}: {string.Join(" / ", sizes.Select(s => s + " MB"))}",
                        string.Join(" / ", allocs.Select(FormatBytes)), "independent of size", ratio < 1.5,
                        where == EditWhere.Start ? $"same entry at every size; max/min {ratio:0.00}" : $"middle entry differs per size; max/min {ratio:0.00}");
                }
            }
        }

        foreach (var r in analysis.Reports.Where(r => r.ResultStatistics is not null).OrderBy(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name).ThenBy(r => Param<int>(r, "SizeMB")))
        {
            var size = Param<int>(r, "SizeMB");
            if (!sizes.Contains(size))
            {
                continue;
            }

            report.Add("Analysis per edit (in process)", $"{r.BenchmarkCase.Descriptor.WorkloadMethod.Name} ({size} MB)",
                $"{r.ResultStatistics!.Mean / 1e6:0.000} ms · {Alloc(r)}", string.Empty, null,
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name switch
                {
                    "WorkspaceSet" => "server runs it on every didChange",
                    "Diagnostics" => "server runs it before every publishDiagnostics",
                    _ => "definition/hover/documentSymbol walk all entries",
                });
        }

        foreach (var r in index.Reports.Where(r => r.ResultStatistics is not null))
        {
            var name = r.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            report.Add("Analysis per edit (in process)", name == "ReadParseAndSetAll" ? "indexing 1,000 files / 20 MB: NoteFile.Read + Parse + Workspace.Set, sequential" : "indexing 1,000 files / 20 MB: Parse only (texts in memory)",
                $"{r.ResultStatistics!.Mean / 1e6:0.0} ms · {Alloc(r)}", string.Empty, null, "what the server's IndexAsync does per file, without the transport");
        }

        foreach (var r in handlers.Reports.Where(r => r.ResultStatistics is not null))
        {
            var name = r.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            report.Add("Server handlers in process (10 MB, no transport)", name, $"{r.ResultStatistics!.Mean / 1e6:0.000} ms · {Alloc(r)}", string.Empty, null, name switch
            {
                "PublishDiagnosticsPayload" => "Workspace.Diagnostics + ProtocolConverter.Diagnostic + JSON of all of them (every publish)",
                "DocumentSymbolsJson" => "outline + its JSON",
                "CompletionOfNumbers" => "one item per entry number in the workspace",
                _ => string.Empty,
            });
        }
    }

    /// <summary>Managed memory a parsed document keeps alive (its text included), per UTF-8 byte of the file.</summary>
    public static void RetainedMemory(Report report, int[] sizes)
    {
        foreach (var size in sizes)
        {
            var text = BenchData.Get(size).Text;
            var bytes = BenchData.Get(size).Utf8Bytes;
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var document = NotesLsp.Syntax.NoteDocument.Parse(new string(text));
            var after = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(document);
            var retained = after - before;
            report.Add("Memory", $"managed memory kept by a parsed {size} MB document (in process, text included)", $"{FormatBytes(retained)} = {retained / (double)bytes:0.0}× the file",
                note: $"the UTF-16 text alone is {FormatBytes(text.Length * 2L)} = {text.Length * 2.0 / bytes:0.0}×");
        }
    }

    private static T Param<T>(BenchmarkReport r, string name) => (T)r.BenchmarkCase.Parameters[name];

    private static string Alloc(BenchmarkReport r) => FormatBytes(r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0);

    public static string FormatBytes(long bytes) => bytes switch
    {
        < 10_000 => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B",
        < 10_000_000 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
    };
}
