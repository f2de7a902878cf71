namespace NotesLsp.Benchmarks;

/// <summary>Where the benchmarks find the repository, the real corpus, the server and their scratch space.</summary>
public static class BenchPaths
{
    public static string RepoRoot => NotesLsp.Testing.RepoPaths.Root;

    /// <summary>The real corpus kept in the repository (<c>tests/data/corpus</c>), as the tests use it.</summary>
    public static string CorpusDir => Path.Combine(RepoRoot, "tests", "data", "corpus");

    public static IReadOnlyList<string> CorpusFiles => [.. Directory.GetFiles(CorpusDir, "*.notes").Order(StringComparer.Ordinal)];

    /// <summary>Generated dumps and workspaces: <c>NOTES_BENCH_DATA</c>, else a folder under the system temp directory.</summary>
    public static string DataDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NOTES_BENCH_DATA");
            var dir = string.IsNullOrEmpty(env) ? Path.Combine(Path.GetTempPath(), "notes-lsp-bench") : env;
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>Results (JSON and the Markdown table) go to the ignored <c>BenchmarkDotNet.Artifacts/</c> folder at the repository root.</summary>
    public static string ArtifactsDir
    {
        get
        {
            var dir = Path.Combine(RepoRoot, "BenchmarkDotNet.Artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    /// <summary>The framework-dependent server: <c>NOTES_LSP_DLL</c>, else src/NotesLsp/bin/{Release,Debug}/net10.0/NotesLsp.dll.</summary>
    public static string ServerDll()
    {
        var env = Environment.GetEnvironmentVariable("NOTES_LSP_DLL");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(RepoRoot, "src", "NotesLsp", "bin", configuration, "net10.0", "NotesLsp.dll");
            if (File.Exists(path))
            {
                return path;
            }
        }

        var beside = Path.Combine(AppContext.BaseDirectory, "NotesLsp.dll");
        return File.Exists(beside) ? beside : throw new FileNotFoundException("build src/NotesLsp first (dotnet build -c Release src/NotesLsp)");
    }
}
