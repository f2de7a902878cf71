namespace NotesLsp.Analysis;

/// <summary>
/// Which configuration applies to a file, the same way for <c>check</c> and the server: the nearest
/// <c>notes-lsp.json</c> in the file's folder or a folder above it, with the command line's or the editor's rule
/// overrides on top; or one fixed configuration for every file (<c>check --config FILE</c>). Files are read once and
/// shared by every document under them (the per-entry diagnostic caches compare configurations by reference).
/// </summary>
public sealed class ConfigResolver
{
    private readonly NotesConfig? fixedConfig;
    private readonly Dictionary<string, NotesConfig> byFolder = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotesConfig> byFile = new(StringComparer.Ordinal);
    private readonly Action<ConfigException>? onProblem;
    private NotesConfig? withoutFile;

    private ConfigResolver(NotesConfig? fixedConfig, IReadOnlyList<KeyValuePair<string, string>> overrides, Action<ConfigException>? onProblem)
    {
        this.fixedConfig = fixedConfig?.With(overrides);
        Overrides = overrides;
        this.onProblem = onProblem;
    }

    /// <summary>Rule overrides applied on top of every file's configuration.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; }

    /// <summary>One configuration for every file.</summary>
    public static ConfigResolver Fixed(NotesConfig config, IReadOnlyList<KeyValuePair<string, string>>? overrides = null) => new(config, overrides ?? [], null);

    /// <summary>
    /// The nearest file above each document. With <paramref name="onProblem"/>, a broken file is reported there and its
    /// folder gets the defaults (the editor keeps working); without it, <see cref="For"/> throws <see cref="ConfigException"/>.
    /// </summary>
    public static ConfigResolver Nearest(IReadOnlyList<KeyValuePair<string, string>>? overrides = null, Action<ConfigException>? onProblem = null)
    {
        // Overrides are checked once, here, rather than on every lookup.
        _ = NotesConfig.Default.With(overrides ?? []);
        return new ConfigResolver(null, overrides ?? [], onProblem);
    }

    /// <summary>The configuration of a document key: a full path, or anything else (an untitled buffer) for the defaults.</summary>
    public NotesConfig For(string key)
    {
        if (fixedConfig is not null)
        {
            return fixedConfig;
        }

        if (!Path.IsPathFullyQualified(key) || Path.GetDirectoryName(key) is not { } folder)
        {
            return withoutFile ??= NotesConfig.Default.With(Overrides);
        }

        if (byFolder.TryGetValue(folder, out var known))
        {
            return known;
        }

        var config = NotesConfig.FindFileFor(folder) is { } file ? Load(file) : withoutFile ??= NotesConfig.Default.With(Overrides);
        byFolder[folder] = config;
        return config;
    }

    /// <summary>Forgets every file read (one of them changed on disk).</summary>
    public void Reset()
    {
        byFolder.Clear();
        byFile.Clear();
    }

    /// <summary>Every configuration file read so far.</summary>
    public IEnumerable<string> Files => byFile.Keys;

    private NotesConfig Load(string file)
    {
        if (byFile.TryGetValue(file, out var loaded))
        {
            return loaded;
        }

        NotesConfig config;
        try
        {
            config = NotesConfig.Load(file).With(Overrides);
        }
        catch (Exception e) when (onProblem is not null && e is ConfigException or IOException or UnauthorizedAccessException)
        {
            onProblem(e as ConfigException ?? new ConfigException($"{file}: cannot read: {e.Message}", file, null, null));
            config = NotesConfig.Default.With(Overrides);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{file}: cannot read: {e.Message}", file, null, null);
        }

        byFile[file] = config;
        return config;
    }
}
