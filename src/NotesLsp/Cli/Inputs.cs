using NotesLsp.Analysis;

namespace NotesLsp.Cli;

/// <summary>The files a command works on and the workspace holding them, loaded by the same pipeline as the server's.</summary>
internal sealed record Inputs(Workspace Workspace, IReadOnlyList<DiscoveredFile> Files, List<string> Failures, IReadOnlyDictionary<string, NoteFile> Sources)
{
    /// <summary>
    /// Finds the files named by <paramref name="paths"/> (files, folders, globs; the current folder when none), reads and
    /// parses them in parallel into one workspace (<paramref name="forWriting"/>: with what a safe write checks against). Configuration: <paramref name="configPath"/> for every file, else each
    /// file's nearest <c>notes-lsp.json</c>, with <paramref name="overrides"/> on top. Throws <see cref="ConfigException"/>.
    /// </summary>
    public static Inputs Load(IReadOnlyList<string> paths, string? configPath, IReadOnlyList<KeyValuePair<string, string>> overrides, TextWriter stderr, Action<int, int>? progress, bool forWriting = false)
    {
        var configs = configPath is null ? ConfigResolver.Nearest(overrides) : ConfigResolver.Fixed(LoadConfig(configPath), overrides);
        var discovered = NoteFileDiscovery.Resolve(paths, configs, (path, problem) => stderr.WriteLine($"notes-lsp: {path}: {problem}"));

        // Every file's configuration is read now: a broken notes-lsp.json stops the run before anything is written,
        // even for a command that reads no setting of it (format) or a file named on the command line (never excluded).
        foreach (var file in discovered.Files)
        {
            _ = configs.For(file.Path);
        }

        var workspace = new Workspace(configs);
        var failures = new List<string>(discovered.Failures);
        var display = discovered.Files.ToDictionary(f => f.Path, f => f.Display, StringComparer.Ordinal);
        var sources = new Dictionary<string, NoteFile>(StringComparer.Ordinal);
        foreach (var file in WorkspaceLoader.Load(workspace, [.. discovered.Files.Select(f => f.Path)], progress, fingerprints: forWriting))
        {
            if (file.Source is { } source)
            {
                sources[file.Path] = source;
            }
            else
            {
                failures.Add($"{display[file.Path]}: cannot read: {file.Error}");
            }
        }

        return new Inputs(workspace, discovered.Files, failures, sources);
    }

    private static NotesConfig LoadConfig(string path)
    {
        try
        {
            return NotesConfig.Load(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read: {e.Message}");
        }
    }
}
