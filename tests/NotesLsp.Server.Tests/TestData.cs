using System.Text.Json;

namespace NotesLsp.Server.Tests;

/// <summary>Locates the real notes: the repository's seeds and the shared corpus beside the checkout.</summary>
public static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SeedFile => Path.Combine(RepoRoot, "seeds", "knowledge-editing.txt");

    public static string CorpusDir { get; } = FindCorpus();

    public static IReadOnlyList<string> CorpusFiles => [.. Directory.GetFiles(CorpusDir, "*.notes").Order(StringComparer.Ordinal)];

    public static JsonDocument Truth(string notesPath) =>
        JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(notesPath, ".truth.json")));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NotesLsp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NotesLsp.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindCorpus()
    {
        var env = Environment.GetEnvironmentVariable("NOTES_CORPUS");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var dir = new DirectoryInfo(FindRepoRoot());
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            dir = dir.Parent;
        }

        throw new InvalidOperationException("../shared/corpus not found; set NOTES_CORPUS");
    }
}
