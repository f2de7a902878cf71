using BenchmarkDotNet.Attributes;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>Full parse of a generated dump (throughput = UTF-8 bytes of the file / mean time).</summary>
[MemoryDiagnoser]
public class FullParseBenchmarks
{
    private string text = string.Empty;

    [Params(1, 10, 50)]
    public int SizeMB { get; set; }

    [GlobalSetup]
    public void Setup() => text = BenchData.Get(SizeMB).Text;

    [Benchmark]
    public NoteDocument Parse() => NoteDocument.Parse(text);
}

/// <summary>
/// One edit applied to a parsed dump with <see cref="NoteDocument.WithChange"/>. The document is immutable, so every
/// invocation applies the same edit to the same document.
/// </summary>
[MemoryDiagnoser]
public class EditBenchmarks
{
    private NoteDocument document = null!;
    private TextChange change;

    [Params(1, 10, 50)]
    public int SizeMB { get; set; }

    [ParamsAllValues]
    public EditKind Kind { get; set; }

    [ParamsAllValues]
    public EditWhere Where { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        document = BenchData.Get(SizeMB).Document;
        change = EditScenarios.Change(document, Kind, Where);
    }

    [Benchmark]
    public NoteDocument WithChange() => document.WithChange(change);
}

/// <summary>
/// What the server does per edit besides the re-parse (Analysis, in process): swapping the edited document into the
/// workspace (<see cref="Workspace.Set"/> recomputes the document's cross-file facts) and computing its diagnostics.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private const string Key = "/bench/dump.notes";
    private Workspace workspace = null!;
    private NoteDocument edited = null!;

    [Params(1, 10, 50)]
    public int SizeMB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var document = BenchData.Get(SizeMB).Document;
        workspace = new Workspace();
        workspace.Set(Key, document);
        edited = document.WithChange(EditScenarios.Change(document, EditKind.InsertChar, EditWhere.Middle));
        _ = workspace.Diagnostics(Key);
    }

    /// <summary>Workspace.Set of the document after a one-character edit (DocumentFacts.Of walks every entry).</summary>
    [Benchmark]
    public bool WorkspaceSet() => workspace.Set(Key, edited);

    /// <summary>All diagnostics of the document (what the server computes before each publishDiagnostics).</summary>
    [Benchmark]
    public int Diagnostics() => workspace.Diagnostics(Key).Count;

    /// <summary>Enumerating the entries (definition, hover and documentSymbol walk them).</summary>
    [Benchmark]
    public int EnumerateEntries()
    {
        var n = 0;
        foreach (var entry in edited.Entries())
        {
            n += entry.Index & 1;
        }

        return n;
    }
}

/// <summary>
/// What the server's workspace indexing does per file, in process and without the transport: read (NoteFile.Read),
/// parse, and add to the workspace — for the whole 1,000-file / 20 MB workspace, sequentially as the server does.
/// </summary>
[MemoryDiagnoser]
public class WorkspaceIndexBenchmarks
{
    private IReadOnlyList<string> files = [];

    [GlobalSetup]
    public void Setup() => files = BenchData.WorkspaceFiles(1000, 20);

    [Benchmark]
    public int ReadParseAndSetAll()
    {
        var workspace = new Workspace();
        foreach (var path in files)
        {
            var file = NoteFile.Read(path);
            workspace.Set(path, NoteDocument.Parse(file.Text), file.EncodingDiagnostics);
        }

        return workspace.DocumentCount;
    }

    [Benchmark]
    public int ParseAllFromMemory()
    {
        var n = 0;
        foreach (var text in BenchData.WorkspaceTexts(1000, 20))
        {
            n += NoteDocument.Parse(text).EntryCount;
        }

        return n;
    }
}

/// <summary>
/// The server's handlers called in process on the 10 MB dump (no transport): what a request or a publish costs to
/// compute and to serialise, to split the end-to-end latencies into compute and transport.
/// </summary>
[MemoryDiagnoser]
public class HandlerBenchmarks
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private const string Key = "/bench/dump.notes";
    private NotesLsp.Server.Hosting.DocumentStore store = null!;
    private NoteDocument document = null!;
    private ServerWorkload workload = null!;

    [Params(10)]
    public int SizeMB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        document = BenchData.Get(SizeMB).Document;
        store = new NotesLsp.Server.Hosting.DocumentStore(new Workspace());
        store.Workspace.Set(Key, document);
        workload = new ServerWorkload(document);
        _ = store.Workspace.Diagnostics(Key);
    }

    /// <summary>Flush's work for one document: Diagnostics, conversion to LSP ranges, JSON (reflection-based here).</summary>
    [Benchmark]
    public int PublishDiagnosticsPayload()
    {
        var lsp = store.Workspace.Diagnostics(Key).Select(d => store.ToLsp(document, d)).ToList();
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(lsp, Json).Length;
    }

    [Benchmark]
    public int DocumentSymbols() =>
        NotesLsp.Server.Features.DocumentSymbolHandler.Symbols(store, Key, document, CancellationToken.None)[0].Children!.Count;

    [Benchmark]
    public int DocumentSymbolsJson() =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(NotesLsp.Server.Features.DocumentSymbolHandler.Symbols(store, Key, document, CancellationToken.None), Json).Length;

    [Benchmark]
    public int CompletionOfNumbers()
    {
        var p = workload.ReferenceEnds[0];
        return NotesLsp.Server.Features.CompletionHandler.Complete(store, Key, document, new NotesLsp.Server.Protocol.Position(p.Line, p.Character))?.Items.Count ?? -1;
    }

    [Benchmark]
    public int CompletionOfTags()
    {
        var p = workload.Tags[0];
        return NotesLsp.Server.Features.CompletionHandler.Complete(store, Key, document, new NotesLsp.Server.Protocol.Position(p.Line, p.Character))?.Items.Count ?? -1;
    }

    [Benchmark]
    public int Definition()
    {
        var p = workload.References[workload.References.Count / 2];
        return NotesLsp.Server.Features.DefinitionHandler.Definition(store, document, new NotesLsp.Server.Protocol.Position(p.Line, p.Character))?.Length ?? -1;
    }

    [Benchmark]
    public int Hover()
    {
        var p = workload.References[workload.References.Count / 2];
        return NotesLsp.Server.Features.HoverHandler.Hover(store, document, new NotesLsp.Server.Protocol.Position(p.Line, p.Character)) is null ? 0 : 1;
    }
}
