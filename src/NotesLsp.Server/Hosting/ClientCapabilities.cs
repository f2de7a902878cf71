using System.Text.Json;

namespace NotesLsp.Server.Hosting;

/// <summary>What the client said it can do in <c>initialize</c>, read once into flags.</summary>
internal sealed record ClientCapabilities(
    IReadOnlyList<string>? PositionEncodings,
    bool WorkDoneProgress,
    bool WatchedFilesRegistration,
    bool ConfigurationPull,
    bool DocumentChanges,
    bool Snippets,
    bool PullDiagnostics,
    bool DiagnosticRefresh,
    bool InlayHintRefresh,
    bool CodeLensRefresh)
{
    public static ClientCapabilities None { get; } = Parse(null);

    public static ClientCapabilities Parse(JsonElement? caps) => new(
        Strings(caps, "general", "positionEncodings"),
        Flag(caps, "window", "workDoneProgress"),
        Flag(caps, "workspace", "didChangeWatchedFiles", "dynamicRegistration"),
        Flag(caps, "workspace", "configuration"),
        Flag(caps, "workspace", "workspaceEdit", "documentChanges"),
        Flag(caps, "textDocument", "completion", "completionItem", "snippetSupport"),
        Walk(caps, ["textDocument", "diagnostic"]) is { ValueKind: JsonValueKind.Object },
        Flag(caps, "workspace", "diagnostics", "refreshSupport"),
        Flag(caps, "workspace", "inlayHint", "refreshSupport"),
        Flag(caps, "workspace", "codeLens", "refreshSupport"));

    private static bool Flag(JsonElement? root, params string[] path) => Walk(root, path) is { ValueKind: JsonValueKind.True };

    private static List<string>? Strings(JsonElement? root, params string[] path) =>
        Walk(root, path) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)] : null;

    private static JsonElement? Walk(JsonElement? root, string[] path)
    {
        if (root is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }
}
