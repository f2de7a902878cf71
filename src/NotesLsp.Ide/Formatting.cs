using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>Formatting: every glued entry onto a line of its own; nothing else changes.</summary>
public static class Formatting
{
    public static IReadOnlyList<TextChange> Of(Workspace workspace, string key) =>
        workspace.Get(key) is { } document ? [.. GluedEntries.All(document).Select(g => g.Change)] : [];

    public static IReadOnlyList<TextChange> Of(NoteDocument document) => [.. GluedEntries.All(document).Select(g => g.Change)];
}
