using NotesLsp.Benchmarks;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// The benchmark harness (tests/NotesLsp.Benchmarks) works on a small input: the generator is deterministic and
/// realistic, the edit scenarios do what they say, and the measurement code paths (BenchmarkDotNet classes, the
/// stdio LSP client against the real server, the Markdown rendering) run and give sane numbers. No timing is asserted.
/// </summary>
public class BenchmarkHarnessTests
{
    private const long Size = 100_000;

    [Fact]
    public void Generator_is_deterministic_and_scales_the_corpus()
    {
        var a = new DumpGenerator(seed: 7).Dump(Size);
        var b = new DumpGenerator(seed: 7).Dump(Size);
        var c = new DumpGenerator(seed: 8).Dump(Size);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);

        var bytes = DumpGenerator.Utf8Length(a);
        Assert.InRange(bytes, Size, Size + 64_000);

        var document = NoteDocument.Parse(a);
        Assert.Equal(a, document.GetText());
        Assert.True(document.EntryCount > 40, $"{document.EntryCount} entries");

        // Unique numbers, in order.
        var numbers = document.Entries().Select(e => e.Syntax.Number).Where(n => n is not null).Select(n => n!.Value).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(10000, numbers[0]);

        // A realistic mix: glued and own-line entries, references to generated entries, Japanese, emoji, multi-line comments.
        var glued = document.Entries().Count(document.IsGlued);
        Assert.InRange(glued, 1, document.EntryCount - 1);
        var references = document.Entries().SelectMany(e => e.Syntax.References).ToList();
        Assert.Contains(references, r => numbers.Contains(r.Number));
        Assert.Contains(references, r => !numbers.Contains(r.Number));
        Assert.Contains(a, ch => ch is >= '\u3040' and <= '\u30ff');
        Assert.Contains(a, char.IsHighSurrogate);
        Assert.Contains(document.Entries(), e => e.Syntax.GetText(e.Syntax.CommentSpan).Contains('\n', StringComparison.Ordinal));
    }

    [Fact]
    public void Collection_generator_is_deterministic_and_has_the_collection_shape()
    {
        // One clone of the corpus (the smallest collection): one dump per tag, each entry in every dump of its tags.
        var a = new CollectionGenerator(seed: 7).Texts(1);
        var b = new CollectionGenerator(seed: 7).Texts(1);
        Assert.Equal(a, b);
        Assert.True(a.Count >= 150, $"{a.Count} dumps");

        var copies = 0;
        var tagless = 0;
        var numbersWithDates = new Dictionary<int, string>();
        foreach (var (category, text) in a)
        {
            var document = NoteDocument.Parse(text);
            Assert.Equal(category, document.Prologue.Title);
            foreach (var entry in document.Entries())
            {
                copies++;
                var e = entry.Syntax;
                Assert.DoesNotContain(e.Tags, t => t.Name == category);
                tagless += e.Tags.Count == 0 ? 1 : 0;
                Assert.NotNull(e.Number);
                Assert.Equal(numbersWithDates.GetValueOrDefault(e.Number!.Value, e.DateText!), e.DateText);
                numbersWithDates[e.Number.Value] = e.DateText!;
            }
        }

        Assert.True(copies > 1000, $"{copies} copies");
        Assert.True(tagless > 0, "no tagless copy");
        Assert.True(numbersWithDates.Count < copies, "no entry kept in several dumps");
    }

    [Fact]
    public void Workspace_generator_writes_files_with_unique_numbers()
    {
        var dir = Path.Combine(Path.GetTempPath(), "notes-bench-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = new DumpGenerator(seed: 3).Workspace(dir, 5, 50_000);
            Assert.Equal(5, files.Count);
            var numbers = files.SelectMany(f => NoteDocument.Parse(File.ReadAllText(f)).Entries()).Select(e => e.Syntax.Number).ToList();
            Assert.Equal(numbers.Count, numbers.Distinct().Count());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(EditKind.InsertChar, 0)]
    [InlineData(EditKind.PasteLine, 0)]
    [InlineData(EditKind.SplitBeforeTags, 1)]
    [InlineData(EditKind.SplitNewIssueDate, 1)]
    [InlineData(EditKind.DeleteEntry, -1)]
    public void Edit_scenarios_change_the_document_as_named(EditKind kind, int entryDelta)
    {
        var text = new DumpGenerator(seed: 11).Dump(Size);
        var document = NoteDocument.Parse(text);
        foreach (var where in Enum.GetValues<EditWhere>())
        {
            var change = EditScenarios.Change(document, kind, where);
            var edited = document.WithChange(change);
            var expected = string.Concat(text.AsSpan(0, change.Span.Start), change.NewText, text.AsSpan(change.Span.End));
            Assert.Equal(expected, edited.GetText());
            var full = NoteDocument.Parse(expected);
            Assert.Equal(full.EntryCount, edited.EntryCount);
            Assert.True(edited.ReparsedBlocks < 10, $"{kind} at {where} re-parsed {edited.ReparsedBlocks} blocks");
            if (kind == EditKind.SplitBeforeTags)
            {
                // The entry moves to its own line: same entries, one glued entry fewer.
                Assert.Equal(document.EntryCount, edited.EntryCount);
                Assert.Equal(document.Entries().Count(document.IsGlued) - 1, edited.Entries().Count(edited.IsGlued));
            }
            else
            {
                Assert.Equal(document.EntryCount + entryDelta, edited.EntryCount);
            }
        }
    }

    [Fact]
    public void BenchmarkDotNet_classes_run_their_code_paths()
    {
        var parse = new FullParseBenchmarks { SizeMB = 1 };
        parse.Setup();
        Assert.True(parse.Parse().EntryCount > 100);

        var edit = new EditBenchmarks { SizeMB = 1, Kind = EditKind.SplitNewIssueDate, Where = EditWhere.Middle };
        edit.Setup();
        Assert.Equal(BenchData.Get(1).Document.EntryCount + 1, edit.WithChange().EntryCount);

        var analysis = new AnalysisBenchmarks { SizeMB = 1 };
        analysis.Setup();
        Assert.False(analysis.WorkspaceSet());
        Assert.True(analysis.Diagnostics() > 0);
        Assert.True(analysis.EnumerateEntries() > 0);
    }

    [Fact]
    public void Markdown_rendering_has_one_heading_per_entry_and_links_for_references()
    {
        var document = NoteDocument.Parse(new DumpGenerator(seed: 5).Dump(Size));
        var (markdown, summaryLines) = MarkdownRendering.Render(document);
        var lines = markdown.Split('\n');
        Assert.Equal(document.EntryCount, lines.Count(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Equal(document.EntryCount, summaryLines.Count);
        Assert.All(summaryLines, l => Assert.StartsWith(MarkdownRendering.SummaryPrefix, lines[l], StringComparison.Ordinal));
        var references = document.Entries().Sum(e => e.Syntax.References.Count(r => r.Span.Start >= e.Syntax.CommentSpan.Start));
        Assert.Equal(references, CountOf(markdown, "](#@ref-"));
    }

    [Fact]
    public async Task Server_measurements_run_against_the_real_server_on_a_small_document()
    {
        var report = new Report();
        await ServerSuite.DocumentAsync(report, new ServerOptions(DocumentMB: 0.1, Operations: 15, BudgetSeconds: 60));
        var rows = report.Rows;
        Assert.Contains(rows, r => r.Name.StartsWith("didOpen → publishDiagnostics", StringComparison.Ordinal));
        var typed = Assert.Single(rows, r => r.Name.StartsWith("didChange (1 char) → diagnostics published, or the next answer", StringComparison.Ordinal));
        Assert.Contains("n=15", typed.Value, StringComparison.Ordinal);
        var enter = Assert.Single(rows, r => r.Name.StartsWith("didChange (Enter, then its removal) → publishDiagnostics", StringComparison.Ordinal));
        Assert.Contains("n=15", enter.Value, StringComparison.Ordinal);
        Assert.Single(rows, r => r.Name.StartsWith("textDocument/definition", StringComparison.Ordinal) && r.Value.Contains("n=15", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Section == "Memory" && r.Met is not null);
        Assert.DoesNotContain(rows, r => r.Value.Contains("NaN", StringComparison.Ordinal));
        Assert.Contains("|", report.ToMarkdown("test"), StringComparison.Ordinal);
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
