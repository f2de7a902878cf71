using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary><c>textDocument/formatting</c>: every glued entry onto a line of its own; nothing else changes.</summary>
public static class FormattingHandler
{
    public static TextEdit[] Format(DocumentStore store, NoteDocument document) =>
        [.. GluedEntries.All(document).Select(g => new TextEdit(store.Encoder.ToRange(document, g.Change.Span), g.Change.NewText))];
}
