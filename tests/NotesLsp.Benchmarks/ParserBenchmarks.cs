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

    /// <summary>Workspace.Set of the document after a one-character edit: the delta of the re-parsed entries. True when the change was global.</summary>
    [Benchmark]
    public bool WorkspaceSet() => workspace.Set(Key, edited).Global;

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
    private Workspace workspace = null!;
    private NotesLsp.Server.Conversion.ProtocolConverter convert = null!;
    private NoteDocument document = null!;
    private ServerWorkload workload = null!;

    [Params(10)]
    public int SizeMB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        document = BenchData.Get(SizeMB).Document;
        workspace = new Workspace();
        workspace.Set(Key, document);
        convert = new NotesLsp.Server.Conversion.ProtocolConverter(workspace, NotesLsp.Server.Conversion.PathRules.Linux);
        workload = new ServerWorkload(document);
        _ = workspace.Diagnostics(Key);
    }

    /// <summary>Flush's work for one document: Diagnostics, conversion to LSP ranges, JSON (reflection-based here).</summary>
    [Benchmark]
    public int PublishDiagnosticsPayload()
    {
        var lsp = workspace.Diagnostics(Key).Select(d => convert.Diagnostic(document, d)).ToList();
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(lsp, Json).Length;
    }

    /// <summary>The outline in the feature layer (entries with spans; the server converts them with a line cursor).</summary>
    [Benchmark]
    public int DocumentSymbols() => NotesLsp.Ide.Outline.Of(workspace, Key)!.Entries.Count;

    [Benchmark]
    public int CompletionOfNumbers() =>
        NotesLsp.Ide.Completion.At(workspace, Key, Offset(workload.ReferenceEnds[0]), new NotesLsp.Ide.CompletionOptions(false, new DateOnly(2026, 12, 6)))?.Items.Count ?? -1;

    [Benchmark]
    public int CompletionOfTags() =>
        NotesLsp.Ide.Completion.At(workspace, Key, Offset(workload.Tags[0]), new NotesLsp.Ide.CompletionOptions(false, new DateOnly(2026, 12, 6)))?.Items.Count ?? -1;

    [Benchmark]
    public int Definition() =>
        NotesLsp.Ide.Navigation.Definition(workspace, Key, Offset(workload.References[workload.References.Count / 2])).Count;

    [Benchmark]
    public int Hover() =>
        NotesLsp.Ide.HoverInfo.At(workspace, Key, Offset(workload.References[workload.References.Count / 2])) is null ? 0 : 1;

    private int Offset(LspPos p) => document.OffsetOf(new LinePosition(p.Line, p.Character));
}
