using Microsoft.Extensions.FileSystemGlobbing;
using System.Text.Json;

namespace NotesLsp.Analysis;

/// <summary>
/// The workspace configuration file <c>notes-lsp.json</c>, read by both <c>check</c> and the server:
/// per-rule severities (by code or name, or <c>off</c>) and paths to leave out.
/// </summary>
public sealed class NotesConfig
{
    public const string FileName = "notes-lsp.json";

    private readonly Dictionary<string, Severity> severities;

    private NotesConfig(Dictionary<string, Severity> severities, IReadOnlyList<string> exclude, string? path)
    {
        this.severities = severities;
        Exclude = exclude;
        Path = path;
    }

    public static NotesConfig Default { get; } = new([], [], null);

    /// <summary>Glob patterns (relative to the configuration's folder) of files to leave out.</summary>
    public IReadOnlyList<string> Exclude { get; }

    /// <summary>The file this configuration came from, if any.</summary>
    public string? Path { get; }

    /// <summary>Whether an <see cref="Exclude"/> pattern (relative to this file's folder) matches <paramref name="fullPath"/>.</summary>
    public bool Excludes(string fullPath)
    {
        if (Exclude.Count == 0 || Path is null)
        {
            return false;
        }

        var root = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        var relative = System.IO.Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative))
        {
            return false;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(Exclude);
        return matcher.Match(relative).HasMatches;
    }

    public Severity SeverityOf(Rule rule) => severities.TryGetValue(rule.Code, out var s) ? s : rule.DefaultSeverity;

    /// <summary>This configuration with <paramref name="overrides"/> (rule code or name → severity name) applied on top.</summary>
    public NotesConfig With(IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var merged = new Dictionary<string, Severity>(severities);
        foreach (var (key, value) in overrides)
        {
            var rule = Rules.Find(key) ?? throw new ConfigException($"unknown rule '{key}' (known: {string.Join(", ", Rules.All.Select(r => r.Code + " " + r.Name))})");
            if (!Rules.TryParseSeverity(value, out var severity))
            {
                throw new ConfigException($"rule '{key}': '{value}' is not one of error, warning, information, hint, off");
            }

            merged[rule.Code] = severity;
        }

        return new NotesConfig(merged, Exclude, Path);
    }

    public static NotesConfig Parse(string json, string? path = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{path ?? FileName}: not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException($"{path ?? FileName}: the top level must be an object");
            }

            var overrides = new List<KeyValuePair<string, string>>();
            var exclude = new List<string>();
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "$schema":
                        break;
                    case "rules" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var rule in property.Value.EnumerateObject())
                        {
                            overrides.Add(new(rule.Name, rule.Value.ValueKind == JsonValueKind.String ? rule.Value.GetString()! : rule.Value.GetRawText()));
                        }

                        break;
                    case "exclude" when property.Value.ValueKind == JsonValueKind.Array:
                        exclude.AddRange(property.Value.EnumerateArray().Select(e => e.GetString() ?? string.Empty));
                        break;
                    default:
                        throw new ConfigException($"{path ?? FileName}: unknown or ill-typed setting '{property.Name}' (expected \"rules\": {{…}}, \"exclude\": […])");
                }
            }

            try
            {
                return new NotesConfig([], exclude, path).With(overrides);
            }
            catch (ConfigException e)
            {
                throw new ConfigException($"{path ?? FileName}: {e.Message}");
            }
        }
    }

    public static NotesConfig Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>The nearest <c>notes-lsp.json</c> in <paramref name="directory"/> or above it, else the defaults.</summary>
    public static NotesConfig FindFor(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return Load(candidate);
            }
        }

        return Default;
    }
}

public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException()
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
