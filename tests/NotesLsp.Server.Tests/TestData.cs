using System.Text.Json;

namespace NotesLsp.Server.Tests;

/// <summary>Locates the real notes: the repository's seeds and the corpus kept in tests/data.</summary>
public static class TestData
{
    public static string RepoRoot => NotesLsp.Testing.RepoPaths.Root;

    public static string SeedFile => Path.Combine(RepoRoot, "seeds", "knowledge-editing.txt");

    public static string CorpusDir => NotesLsp.Testing.RepoPaths.Corpus;

    public static IReadOnlyList<string> CorpusFiles => [.. Directory.GetFiles(CorpusDir, "*.notes").Order(StringComparer.Ordinal)];

    public static JsonDocument Truth(string notesPath) =>
        JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(notesPath, ".truth.json")));
}
