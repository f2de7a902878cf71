using System.Globalization;
using System.Text;
using BenchmarkDotNet.Running;

namespace NotesLsp.Benchmarks;

/// <summary>
/// <code>
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- quick      whole suite, short runs (minutes)
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- full       whole suite, longer BenchmarkDotNet runs, no time caps
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- generate DIR [MB...]   write dumps (default 1 10 50) and the 1,000-file workspace
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- generate DIR collection [MB...]   write collections: one dump per tag (default 25 50 100)
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- bdn [BenchmarkDotNet args]   the BenchmarkDotNet switcher (e.g. --filter *Edit*)
/// dotnet run -c Release --project tests/NotesLsp.Benchmarks -- aot        only the Native AOT publish (cached while src/ is unchanged)
/// </code>
/// Steps can be skipped with --no-parser, --no-server, --no-markdown, --no-aot; sizes changed with --doc-mb, --ops,
/// --index-files, --index-mb, --side-mb, --edits; --update-docs writes the table into
/// docs/performance.md between its result markers.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Console.OutputEncoding = Encoding.UTF8;
        var mode = args.FirstOrDefault() ?? "quick";
        switch (mode)
        {
            case "bdn":
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..], ParserSuite.Config(quick: false));
                return 0;
            case "generate":
                return Generate(args[1..]);
            case "aot":
                var strict = AotPublish.Publish(out var strictError);
                Console.WriteLine(strict ?? "strict publish failed: " + strictError);
                Console.WriteLine(strict is null ? AotPublish.Publish(out var relaxedError, relaxed: true) ?? "relaxed publish failed: " + relaxedError : string.Empty);
                return strict is null ? 1 : 0;
            case "collection":
                return await RunCollectionAsync(args[1..]).ConfigureAwait(false);
            case "quick":
            case "full":
                return await RunSuiteAsync(mode, args[1..]).ConfigureAwait(false);
            default:
                Console.Error.WriteLine("usage: NotesLsp.Benchmarks quick|full [--no-parser] [--no-server] [--no-markdown] [--no-aot] [--update-docs] | generate DIR [MB...] | generate DIR collection [MB...] | bdn [args]");
                return 2;
        }
    }

    private static int Generate(string[] args)
    {
        var dir = args.Length > 0 ? args[0] : BenchPaths.DataDir;
        Directory.CreateDirectory(dir);
        if (args.Length > 1 && args[1] == "collection")
        {
            // generate DIR collection [MB...]: one dump per tag, copies, drift, tagless entries (default 25 50 100).
            var collectionSizes = args.Length > 2 ? args[2..].Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [25, 50, 100];
            foreach (var mb in collectionSizes)
            {
                var info = new CollectionGenerator().Write(Path.Combine(dir, CollectionGenerator.DirectoryName(mb)), (long)(mb * BenchData.MB));
                Console.WriteLine($"{info.Directory}: {info.Dumps:N0} dumps, {info.Copies:N0} copies of {info.Entries:N0} entries ({info.Clones} clones), {info.Bytes:N0} bytes, {info.Tagless:N0} tagless copies, {info.Drifted:N0} drifted copies, #{info.PopularTag} used {info.PopularTagUses:N0} times");
            }

            return 0;
        }

        var sizes = args.Length > 1 ? args[1..].Select(a => double.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 10, 50];
        foreach (var mb in sizes)
        {
            var dump = BenchData.Get(mb);
            var path = Path.Combine(dir, $"dump-{mb:0.###}MB.notes");
            File.WriteAllText(path, dump.Text, new UTF8Encoding(false));
            Console.WriteLine($"{path}: {dump.Utf8Bytes:N0} bytes, {dump.Document.EntryCount:N0} entries, {dump.Document.LineCount:N0} lines");
        }

        var ws = Path.Combine(dir, "workspace-1000");
        var files = new DumpGenerator(DumpGenerator.DefaultSeed + 1).Workspace(ws, 1000, 20L * BenchData.MB);
        Console.WriteLine($"{ws}: {files.Count} files, {files.Sum(f => new FileInfo(f).Length):N0} bytes");
        return 0;
    }

    private static async Task<int> RunSuiteAsync(string mode, string[] options)
    {
        var quick = mode == "quick";
        var report = new Report();
        var started = DateTime.UtcNow;
        Console.WriteLine(Report.Machine(mode));
        Console.WriteLine($"load average at the start: {Report.LoadAverage():0.00}");
        Console.WriteLine("generating dumps (1, 10, 50 MB) from " + BenchPaths.CorpusDir);
        foreach (var mb in options.Contains("--no-parser") ? [] : new[] { 1, 10, 50 })
        {
            var dump = BenchData.Get(mb);
            report.Add("Data", $"{mb} MB dump (seed {DumpGenerator.DefaultSeed})", $"{dump.Utf8Bytes:N0} bytes · {dump.Document.EntryCount:N0} entries · {dump.Document.LineCount:N0} lines",
                note: $"{dump.Text.Count(c => c == '・')} '・' · {Glued(dump):0}% entries glued · {EmojiCount(dump.Text):N0} emoji (surrogate pairs)");
        }

        if (!options.Contains("--no-parser"))
        {
            ParserSuite.Run(report, quick, [1, 10, 50]);
            ParserSuite.RetainedMemory(report, [10, 50]);
        }

        string? aot = null;
        if (!options.Contains("--no-server") || !options.Contains("--no-markdown"))
        {
            if (!options.Contains("--no-aot"))
            {
                aot = AotPublish.Publish(out var error);
                if (aot is null)
                {
                    report.Add("Server (end to end over stdio)", "Native AOT publish (as asked: warnings are errors)", "failed", "< 50 ms (Native AOT)", false, error);
                    aot = AotPublish.Publish(out var relaxedError, relaxed: true);
                    report.Add("Server (end to end over stdio)", "Native AOT publish with -p:TreatWarningsAsErrors=false", aot is null ? "failed" : "succeeded", note: aot is null ? relaxedError : "start-up below is of this binary");
                }
            }

            var serverOptions = quick
                ? new ServerOptions(Operations: 1000, BudgetSeconds: 45, StartupRuns: 10, IndexRuns: 3, AotExecutable: aot)
                : new ServerOptions(Operations: 1000, BudgetSeconds: double.MaxValue, StartupRuns: 30, IndexRuns: 5, AotExecutable: aot);
            serverOptions = serverOptions with
            {
                DocumentMB = Option(options, "--doc-mb", serverOptions.DocumentMB),
                Operations = (int)Option(options, "--ops", serverOptions.Operations),
                IndexFiles = (int)Option(options, "--index-files", serverOptions.IndexFiles),
                IndexMB = Option(options, "--index-mb", serverOptions.IndexMB),
            };
            if (!options.Contains("--no-server"))
            {
                await ServerSuite.RunAsync(report, serverOptions).ConfigureAwait(false);
            }
        }

        if (!options.Contains("--no-markdown"))
        {
            MarkdownSuite.Run(report, Option(options, "--side-mb", 10), (int)Option(options, "--edits", quick ? 5 : 10), aot);
        }

        var markdown = report.ToMarkdown(mode);
        var saved = report.Save(mode);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"saved {saved} ({(DateTime.UtcNow - started).TotalMinutes:0.0} min)");
        if (options.Contains("--update-docs"))
        {
            UpdateDocs(markdown);
        }

        return 0;
    }

    /// <summary>
    /// collection [--mb 50] [--ops N] [--index-runs N] [--no-aot] [--with-document]: the whole-collection measurements
    /// (<see cref="CollectionSuite"/>), and with --with-document the 10 MB document run (outline, inlay hints, code lenses).
    /// </summary>
    private static async Task<int> RunCollectionAsync(string[] options)
    {
        var report = new Report();
        var started = DateTime.UtcNow;
        Console.WriteLine(Report.Machine("collection"));
        Console.WriteLine($"load average at the start: {Report.LoadAverage():0.00}");
        string? aot = null;
        if (!options.Contains("--no-aot"))
        {
            aot = AotPublish.Publish(out var error) ?? AotPublish.Publish(out error, relaxed: true);
            Console.WriteLine(aot is null ? "Native AOT publish failed: " + error : "Native AOT: " + aot);
        }

        var mb = Option(options, "--mb", 50);
        var ops = (int)Option(options, "--ops", 1000);
        await CollectionSuite.RunAsync(report, mb, (int)Option(options, "--index-runs", 5), ops, aot).ConfigureAwait(false);
        CollectionSuite.Check(report, mb, aot, (int)Option(options, "--check-runs", 3));
        if (options.Contains("--with-document"))
        {
            await ServerSuite.DocumentAsync(report, new ServerOptions(DocumentMB: 10, Operations: ops, BudgetSeconds: 45, AotExecutable: aot)).ConfigureAwait(false);
        }

        var markdown = report.ToMarkdown("collection");
        var saved = report.Save("collection");
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"saved {saved} ({(DateTime.UtcNow - started).TotalMinutes:0.0} min)");
        return 0;
    }

    private static double Option(string[] options, string name, double fallback)
    {
        var i = Array.IndexOf(options, name);
        return i >= 0 && i + 1 < options.Length ? double.Parse(options[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Glued(Dump dump)
    {
        var glued = dump.Document.Entries().Count(dump.Document.IsGlued);
        return glued * 100.0 / Math.Max(1, dump.Document.EntryCount);
    }

    private static int EmojiCount(string text)
    {
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Replaces the text between the result markers of docs/performance.md.</summary>
    private static void UpdateDocs(string table)
    {
        const string Begin = "<!-- results:begin -->";
        const string End = "<!-- results:end -->";
        var path = Path.Combine(BenchPaths.RepoRoot, "docs", "performance.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        var b = text.IndexOf(Begin, StringComparison.Ordinal);
        var e = text.IndexOf(End, StringComparison.Ordinal);
        text = b >= 0 && e > b
            ? string.Concat(text.AsSpan(0, b + Begin.Length), "\n", table, text.AsSpan(e))
            : text + "\n" + Begin + "\n" + table + End + "\n";
        File.WriteAllText(path, text);
        Console.WriteLine("updated " + path);
    }
}
