using System.Text.Json;

namespace NotesLsp.Tests;

/// <summary>Locates the real notes: the repository's seeds and the corpus kept in tests/data.</summary>
public static class TestData
{
    public static string RepoRoot => NotesLsp.Testing.RepoPaths.Root;

    public static string SeedsDir => Path.Combine(RepoRoot, "seeds");

    public static string SeedFile => Path.Combine(SeedsDir, "knowledge-editing.txt");

    public static string CorpusDir => NotesLsp.Testing.RepoPaths.Corpus;

    public static IEnumerable<string> CorpusFiles => Directory.GetFiles(CorpusDir, "*.notes").Order(StringComparer.Ordinal);

    public static TheoryData<string> CorpusNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDir, "*.notes").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    public static string Read(string path) => File.ReadAllText(path);

    /// <summary>Every entry number the corpus defines, from its truth files.</summary>
    public static IReadOnlySet<int> CorpusNumbers { get; } = ReadCorpusNumbers();

    /// <summary>The corpus dumps and the seeds: every real dump in the repository.</summary>
    public static IEnumerable<string> RealDumps => CorpusFiles.Concat(Directory.GetFiles(SeedsDir).Order(StringComparer.Ordinal));

    private static HashSet<int> ReadCorpusNumbers()
    {
        var numbers = new HashSet<int>();
        foreach (var file in CorpusFiles)
        {
            using var truth = Truth(file);
            foreach (var entry in truth.RootElement.GetProperty("entries").EnumerateArray())
            {
                numbers.Add(entry.GetProperty("number").GetInt32());
            }
        }

        return numbers;
    }

    public static JsonDocument Truth(string notesPath) =>
        JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(notesPath, ".truth.json")));
}
