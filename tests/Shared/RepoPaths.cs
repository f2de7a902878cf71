namespace NotesLsp.Testing;

/// <summary>The repository root (the folder holding NotesLsp.sln) and the real notes copied into it (<c>tests/data</c>).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real corpus kept in the repository (<c>tests/data/corpus</c>, see <c>tests/data/README.md</c>).</summary>
    public static string Corpus => Path.Combine(Root, "tests", "data", "corpus");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NotesLsp.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("NotesLsp.sln not found above " + AppContext.BaseDirectory);
    }
}
