using System.Text;
using System.Text.Json;
using Microsoft.Extensions.FileSystemGlobbing;

namespace NotesLsp.Analysis;

/// <summary>
/// The configuration file <c>notes-lsp.json</c>, read by both <c>check</c> and the server: per-rule severities (by
/// code or name, or <c>off</c>) and paths to leave out. A file is untrusted input (collections are cloned from other
/// people): size and nesting are bounded and every problem is reported with its file, line and column.
/// </summary>
public sealed class NotesConfig
{
    public const string FileName = "notes-lsp.json";

    /// <summary>Far above any real configuration (a few hundred bytes), far below what could hurt.</summary>
    public const int MaxBytes = 1 << 20;

    public const int MaxDepth = 16;

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

    /// <summary>The folder exclusion patterns are relative to.</summary>
    public string? Root => Path is null ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));

    /// <summary>Whether an <see cref="Exclude"/> pattern (relative to this file's folder) matches <paramref name="fullPath"/>.</summary>
    public bool Excludes(string fullPath)
    {
        if (Exclude.Count == 0 || Root is not { } root)
        {
            return false;
        }

        var relative = System.IO.Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || System.IO.Path.IsPathRooted(relative))
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
            merged[ParseRule(key).Code] = ParseSeverity(key, value);
        }

        return merged.Count == severities.Count && merged.All(kv => severities.TryGetValue(kv.Key, out var s) && s == kv.Value)
            ? this
            : new NotesConfig(merged, Exclude, Path);
    }

    public static NotesConfig Load(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxBytes)
        {
            throw new ConfigException($"{path}: {info.Length:N0} bytes is too large for a configuration file (at most {MaxBytes:N0})", path, null, null);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static NotesConfig Parse(string json, string? path = null) => Parse(Encoding.UTF8.GetBytes(json), path);

    public static NotesConfig Parse(byte[] utf8, string? path = null)
    {
        var name = path ?? FileName;
        if (utf8.Length > MaxBytes)
        {
            throw new ConfigException($"{name}: {utf8.Length:N0} bytes is too large for a configuration file (at most {MaxBytes:N0})", path, null, null);
        }

        var start = utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var reader = new ConfigReader(utf8.AsMemory(start), name, path);
        try
        {
            return reader.Read();
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new ConfigException($"{name}:{line}:{column}: not valid JSON: {FirstSentence(e.Message)}", path, line, column);
        }
    }

    /// <summary>The nearest <c>notes-lsp.json</c> in <paramref name="directory"/> or above it, or null.</summary>
    public static string? FindFileFor(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    internal static Rule ParseRule(string key) =>
        Rules.Find(key) ?? throw new ConfigException($"unknown rule '{key}' (known: {string.Join(", ", Rules.All.Select(r => r.Code + " " + r.Name))})");

    internal static Severity ParseSeverity(string key, string value) =>
        Rules.TryParseSeverity(value, out var severity) ? severity : throw new ConfigException($"rule '{key}': '{value}' is not one of error, warning, information, hint, off");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.', ' ');
    }

    /// <summary>Reads the file with <see cref="Utf8JsonReader"/> so that every problem has a line and column.</summary>
    private ref struct ConfigReader(ReadOnlyMemory<byte> utf8, string name, string? path)
    {
        private Utf8JsonReader reader = new(utf8.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = MaxDepth });

        public NotesConfig Read()
        {
            if (!reader.Read())
            {
                throw Error("the file is empty: write a JSON object such as { \"rules\": {} }");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error("the top level must be an object");
            }

            var severities = new Dictionary<string, Severity>();
            var exclude = new List<string>();
            while (Next() != JsonTokenType.EndObject)
            {
                var property = reader.GetString()!;
                var at = Position();
                Next();
                switch (property)
                {
                    case "$schema" when reader.TokenType == JsonTokenType.String:
                        break;
                    case "rules" when reader.TokenType == JsonTokenType.StartObject:
                        ReadRules(severities);
                        break;
                    case "exclude" when reader.TokenType == JsonTokenType.StartArray:
                        ReadExclude(exclude);
                        break;
                    default:
                        throw Error($"unknown or ill-typed setting '{property}' (expected \"rules\": {{…}}, \"exclude\": […], \"$schema\": \"…\")", at);
                }
            }

            if (reader.Read())
            {
                throw Error("text after the top-level object");
            }

            return new NotesConfig(severities, exclude, path);
        }

        private void ReadRules(Dictionary<string, Severity> severities)
        {
            while (Next() != JsonTokenType.EndObject)
            {
                var key = reader.GetString()!;
                var keyAt = Position();
                Next();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error($"rule '{key}': the severity must be a string: error, warning, information, hint or off");
                }

                var value = reader.GetString()!;
                try
                {
                    severities[ParseRule(key).Code] = ParseSeverity(key, value);
                }
                catch (ConfigException e)
                {
                    throw Error(e.Message, e.Message.StartsWith("unknown rule", StringComparison.Ordinal) ? keyAt : Position());
                }
            }
        }

        private void ReadExclude(List<string> exclude)
        {
            while (Next() != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw Error("\"exclude\" must be an array of glob strings such as \"archive/**\"");
                }

                exclude.Add(reader.GetString()!);
            }
        }

        private JsonTokenType Next() =>
            reader.Read() ? reader.TokenType : throw Error("the file ends before the object is closed");

        private readonly (int Line, int Column) Position()
        {
            var before = utf8.Span[..(int)reader.TokenStartIndex];
            var line = before.Count((byte)'\n') + 1;
            var lineStart = before.LastIndexOf((byte)'\n') + 1;
            return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
        }

        private readonly ConfigException Error(string message) => Error(message, Position());

        private readonly ConfigException Error(string message, (int Line, int Column) at) =>
            new($"{name}:{at.Line}:{at.Column}: {message}", path, at.Line, at.Column);
    }
}

/// <summary>A configuration problem, with where it is when it comes from a file (1-based line and column).</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, string? path, int? line, int? column)
        : base(message)
    {
        Path = path;
        Line = line;
        Column = column;
    }

    public ConfigException()
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Path { get; }

    public int? Line { get; }

    public int? Column { get; }
}
