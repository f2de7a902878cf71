using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;

namespace NotesLsp.Server.Hosting;

/// <summary>The editor's settings for the features (rules aside): inlay hints and how much of a collection the Problems panel shows.</summary>
internal sealed record ServerSettings(bool InlayHints, int InlayHintMaxLength, bool ClosedDumpInformation)
{
    public static ServerSettings Default { get; } = new(true, NotesLsp.Ide.InlayHints.DefaultMaxLength, false);
}

/// <summary>
/// Configuration, found the same way <c>check</c> finds it: each document's nearest <c>notes-lsp.json</c>, with the
/// editor's rule overrides on top (its settings once sent, else its initialization options). A broken configuration
/// never stops the server: the problem is shown once and as a diagnostic on the file itself, and that folder gets
/// the defaults.
/// </summary>
internal sealed class ServerConfiguration(ServerSession session, DiagnosticsPublisher publisher)
{
    private readonly HashSet<string> shownProblems = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> problemFiles = new(StringComparer.Ordinal);
    private IReadOnlyList<KeyValuePair<string, string>> initializationRules = [];

    // Null until the client sends settings; from then on they replace the initialization options' rules.
    private IReadOnlyList<KeyValuePair<string, string>>? settingsRules;

    public ServerSettings Settings { get; private set; } = ServerSettings.Default;

    /// <summary>Changes whenever the configuration is applied again (a result id of pulled diagnostics includes it).</summary>
    public int Generation { get; private set; }

    public void Initialize(JsonElement? initializationOptions)
    {
        initializationRules = RulesOf(initializationOptions);
        Settings = SettingsOf(initializationOptions, Settings);
        Apply(publish: false);
    }

    /// <summary>
    /// Takes the settings the client sent (or, when it sent none, asks for them). True when the feature settings
    /// (<see cref="Settings"/>) changed, so that views computed from them (inlay hints, code lenses) are stale.
    /// </summary>
    public async Task<bool> DidChangeAsync(DidChangeConfigurationParams p)
    {
        var before = Settings;
        if (p.Settings is { ValueKind: JsonValueKind.Object } settings && settings.TryGetProperty("notesLsp", out var section))
        {
            Take(section);
        }
        else if (session.Client.ConfigurationPull
            && await session.RequestAsync("workspace/configuration", new ConfigurationParams([new ConfigurationItem(null, "notesLsp")])).ConfigureAwait(true) is { ValueKind: JsonValueKind.Array } result
            && result.GetArrayLength() > 0)
        {
            Take(result[0]);
        }

        return Settings != before;
    }

    /// <summary>A configuration file changed on disk.</summary>
    public void Reload() => Apply(publish: true);

    private void Take(JsonElement section)
    {
        settingsRules = RulesOf(section);
        Settings = SettingsOf(section, ServerSettings.Default);
        Apply(publish: true);
    }

    private void Apply(bool publish)
    {
        var overrides = settingsRules ?? initializationRules;
        foreach (var uri in problemFiles.Values)
        {
            session.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, []));
        }

        problemFiles.Clear();
        ConfigResolver resolver;
        try
        {
            resolver = ConfigResolver.Nearest(overrides, Report);
        }
        catch (ConfigException e)
        {
            Report(new ConfigException("notesLsp.rules: " + e.Message));
            resolver = ConfigResolver.Nearest([], Report);
        }

        session.Workspace.Configs = resolver;
        Generation++;

        // Read every folder's file now, so that problems show at once rather than when a diagnostic is next computed.
        foreach (var key in session.Workspace.Documents)
        {
            _ = resolver.For(key);
        }

        foreach (var root in session.Roots)
        {
            _ = resolver.For(Path.Combine(root, "_"));
        }

        if (publish)
        {
            publisher.MarkAllDirty();
        }
    }

    private void Report(ConfigException e)
    {
        session.Log.LogWarning("Configuration problem: {Message}", e.Message);
        if (shownProblems.Add(e.Message))
        {
            session.Notify("window/showMessage", new ShowMessageParams(Lsp.MessageWarning, $"notes-lsp: {e.Message} (the defaults apply there until it is fixed)"));
        }

        if (e.Path is { } path && Path.IsPathFullyQualified(path))
        {
            var uri = Conversion.DocumentUris.FromPath(path, session.Convert.Paths);
            var diagnostic = new Diagnostic
            {
                Range = RangeOf(e, path),
                Severity = Lsp.DiagnosticError,
                Code = "config",
                Message = e.Message,
            };
            problemFiles[path] = uri;
            session.Notify("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, null, [diagnostic]));
        }
    }

    /// <summary>
    /// Where the problem is, in the negotiated encoding: the exception counts UTF-16 columns, which is what the
    /// default encoding needs; for UTF-8 or UTF-32 the file's line is read again to convert them.
    /// </summary>
    private Range RangeOf(ConfigException e, string path)
    {
        var line = Math.Max(0, (e.Line ?? 1) - 1);
        var character = Math.Max(0, (e.Column ?? 1) - 1);
        var length = Math.Max(1, e.Length);
        var fallback = new Range(new Position(line, character), new Position(line, character + length));
        if (session.Convert.Encoder.Kind == PositionEncodingKind.Utf16)
        {
            return fallback;
        }

        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > NotesConfig.MaxBytes)
            {
                return fallback;
            }

            // Lines split as the configuration parser counts them; the token lies on one line.
            var lines = File.ReadAllText(path).Split('\n');
            if (line >= lines.Length || character + length > lines[line].Length)
            {
                return fallback;
            }

            var encoder = session.Convert.Encoder;
            var start = encoder.CountUnits(lines[line].AsSpan(0, character));
            return new Range(new Position(line, start), new Position(line, start + encoder.CountUnits(lines[line].AsSpan(character, length))));
        }

        catch (Exception io) when (io is IOException or UnauthorizedAccessException)
        {
            return fallback;
        }
    }

    private static List<KeyValuePair<string, string>> RulesOf(JsonElement? options)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (options is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("rules", out var rules) && rules.ValueKind == JsonValueKind.Object)
        {
            foreach (var rule in rules.EnumerateObject())
            {
                result.Add(new(rule.Name, rule.Value.ValueKind == JsonValueKind.String ? rule.Value.GetString()! : rule.Value.GetRawText()));
            }
        }

        return result;
    }

    private static ServerSettings SettingsOf(JsonElement? options, ServerSettings fallback)
    {
        if (options is not { ValueKind: JsonValueKind.Object } o)
        {
            return fallback;
        }

        var settings = fallback;
        if (o.TryGetProperty("inlayHints", out var hints) && hints.ValueKind == JsonValueKind.Object)
        {
            if (hints.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                settings = settings with { InlayHints = enabled.GetBoolean() };
            }

            if (hints.TryGetProperty("maxLength", out var max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var length) && length > 0)
            {
                settings = settings with { InlayHintMaxLength = Math.Min(length, 500) };
            }
        }

        if (o.TryGetProperty("diagnostics", out var diagnostics) && diagnostics.ValueKind == JsonValueKind.Object
            && diagnostics.TryGetProperty("closedDumpInformation", out var info) && info.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            settings = settings with { ClosedDumpInformation = info.GetBoolean() };
        }

        return settings;
    }
}
