namespace NotesLsp.Testing;

/// <summary>The repository root (the folder holding NotesLsp.sln) and the shared corpus beside the checkout.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>$NOTES_CORPUS</c>, else the first <c>shared/corpus</c> found walking up from the root (CI lays <c>../shared</c> beside the clone).</summary>
    public static string Corpus { get; } = FindCorpus();

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

    private static string FindCorpus()
    {
        var env = Environment.GetEnvironmentVariable("NOTES_CORPUS");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("../shared/corpus not found; set NOTES_CORPUS");
    }
}
