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
        if (Directory.Exists(path))
        {
            throw new ConfigException($"{path}: is a folder, not a configuration file (rename or remove it)", path, null, null);
        }

        var info = new FileInfo(path);
        if (info.Exists && info.Length > MaxBytes)
        {
            throw new ConfigException($"{path}:1:1: {info.Length:N0} bytes is too large for a configuration file (at most {MaxBytes:N0})", path, 1, 1);
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static NotesConfig Parse(string json, string? path = null) => Parse(Encoding.UTF8.GetBytes(json), path);

    public static NotesConfig Parse(byte[] utf8, string? path = null)
    {
        var name = path ?? FileName;
        if (utf8.Length > MaxBytes)
        {
            throw new ConfigException($"{name}:1:1: {utf8.Length:N0} bytes is too large for a configuration file (at most {MaxBytes:N0})", path, 1, 1);
        }

        var start = utf8.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (!System.Text.Unicode.Utf8.IsValid(utf8.AsSpan(start)))
        {
            // Utf8JsonReader.GetString() would throw InvalidOperationException on such bytes inside a string.
            var body = utf8.AsSpan(start);
            var bad = FirstInvalidUtf8(body);
            var (badLine, badColumn) = LineAndColumn(body, bad);
            throw new ConfigException($"{name}:{badLine}:{badColumn}: not valid JSON: bytes that are not UTF-8", path, badLine, badColumn);
        }

        var reader = new ConfigReader(utf8.AsMemory(start), name, path);
        try
        {
            return reader.Read();
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;

            // The reader counts bytes; a column is in characters (UTF-16 units, as the editor counts them).
            var column = CharacterColumn(utf8.AsSpan(start), line, (int)(e.BytePositionInLine ?? 0)) + 1;
            throw new ConfigException($"{name}:{line}:{column}: not valid JSON: {FirstSentence(e.Message)}", path, line, column);
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var valid = 0;
        while (valid < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[valid..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return valid;
            }

            valid += consumed;
        }

        return valid;
    }

    /// <summary>1-based line and UTF-16 column of a byte offset.</summary>
    private static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> bytes, int offset)
    {
        var before = bytes[..offset];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (before.Count((byte)'\n') + 1, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1);
    }

    /// <summary>The 0-based UTF-16 column of a byte position in a 1-based line.</summary>
    private static int CharacterColumn(ReadOnlySpan<byte> bytes, int line, int bytePosition)
    {
        var lineStart = 0;
        for (var l = 1; l < line; l++)
        {
            var next = bytes[lineStart..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return bytePosition;
            }

            lineStart += next + 1;
        }

        var end = Math.Min(bytes.Length, lineStart + bytePosition);
        return Encoding.UTF8.GetCharCount(bytes[lineStart..end]);
    }

    /// <summary>The nearest <c>notes-lsp.json</c> in <paramref name="directory"/> or above it, or null.</summary>
    public static string? FindFileFor(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            // A folder of that name is returned too, so that it is reported rather than silently skipped.
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate) || Directory.Exists(candidate))
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

        /// <summary>Where the current token is (1-based line, UTF-16 column) and how many UTF-16 units it spans.</summary>
        private readonly (int Line, int Column, int Length) Position()
        {
            var all = utf8.Span;
            var tokenStart = (int)reader.TokenStartIndex;
            var before = all[..tokenStart];
            var line = before.Count((byte)'\n') + 1;
            var lineStart = before.LastIndexOf((byte)'\n') + 1;
            return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1, TokenLength(all, tokenStart));
        }

        /// <summary>The current token's length in UTF-16 units (a string with its quotes; 1 for a bracket).</summary>
        private readonly int TokenLength(ReadOnlySpan<byte> all, int tokenStart)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.None)
            {
                return 1;
            }

            var quoted = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName;
            var raw = reader.ValueSpan.Length + (quoted ? 2 : 0);
            var end = Math.Min(all.Length, tokenStart + raw);
            return Math.Max(1, Encoding.UTF8.GetCharCount(all[tokenStart..end]));
        }

        private readonly ConfigException Error(string message) => Error(message, Position());

        private readonly ConfigException Error(string message, (int Line, int Column, int Length) at) =>
            new($"{name}:{at.Line}:{at.Column}: {message}", path, at.Line, at.Column) { Length = at.Length };
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

    /// <summary>How many UTF-16 units from <see cref="Column"/> on the same line the problem covers (the offending token).</summary>
    public int Length { get; init; } = 1;
}
