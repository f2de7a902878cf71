using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/definition</c>: on <c>・NNNN</c> (or an entry's own <c>#NNNN</c>), the header of every entry with
/// that number in the workspace; on a tag, the category file whose title line is that tag.
/// </summary>
public static class DefinitionHandler
{
    public static Location[]? Definition(DocumentStore store, NoteDocument document, Position position)
    {
        var at = Lookup.At(document, store.Encoder.ToOffset(document, position));
        if (at.Reference is { } reference)
        {
            return Entries(store, reference.Number);
        }

        if (at.Tag is { Name.Length: > 0 } tag)
        {
            return CategoryFiles(store, tag.Name);
        }

        if (at.Entry is { } entry && entry.Syntax.NumberSpan is { } numberSpan && entry.Syntax.Number is { } number
            && numberSpan.ContainsOrTouches(store.Encoder.ToOffset(document, position) - entry.Start))
        {
            return Entries(store, number);
        }

        return null;
    }

    public static Location[] Entries(DocumentStore store, int number) =>
        [.. store.Workspace.Definitions(number).Select(d => store.LocationOf(d.Document, Lookup.HeaderTarget(d.Entry)))];

    public static Location[]? CategoryFiles(DocumentStore store, string tag)
    {
        var result = new List<Location>();
        foreach (var key in store.Workspace.Documents.Order(StringComparer.Ordinal))
        {
            var prologue = store.Workspace.Get(key)!.Prologue;
            if (prologue.Title.Trim() == tag)
            {
                result.Add(store.LocationOf(key, prologue.TitleSpan));
            }
        }

        return result.Count > 0 ? [.. result] : null;
    }
}
