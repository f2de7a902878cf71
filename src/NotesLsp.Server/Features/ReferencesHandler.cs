using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/references</c>: from an entry's header (or a <c>・NNNN</c>), every <c>・NNNN</c> pointing at that
/// entry (its backlinks), plus its definitions when the client asks for the declaration; from a tag, every entry
/// carrying it.
/// </summary>
public static class ReferencesHandler
{
    public static Location[]? References(DocumentStore store, NoteDocument document, Position position, bool includeDeclaration, CancellationToken ct)
    {
        var at = Lookup.At(document, store.Encoder.ToOffset(document, position));
        if (at.Tag is { Name.Length: > 0 } tag)
        {
            var result = new List<Location>();
            foreach (var (key, _, span) in store.Workspace.TagOccurrences(tag.Name))
            {
                ct.ThrowIfCancellationRequested();
                result.Add(store.LocationOf(key, span));
            }

            return [.. result];
        }

        int? number = at.Reference?.Number ?? (at.OnHeader ? at.Entry?.Syntax.Number : null);
        if (number is not { } n)
        {
            return null;
        }

        var locations = new List<Location>();
        if (includeDeclaration)
        {
            locations.AddRange(DefinitionHandler.Entries(store, n));
        }

        foreach (var (key, _, span) in store.Workspace.References(n))
        {
            ct.ThrowIfCancellationRequested();
            locations.Add(store.LocationOf(key, span));
        }

        return [.. locations];
    }
}
