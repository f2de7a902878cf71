using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/prepareRename</c> and <c>textDocument/rename</c> for tags: every occurrence of the tag in the
/// workspace is renamed (the name after <c>#</c> only, nothing else touched).
/// </summary>
public static class RenameHandler
{
    public static PrepareRenameResult? Prepare(DocumentStore store, NoteDocument document, Position position)
    {
        var at = Lookup.At(document, store.Encoder.ToOffset(document, position));
        if (at is not { Entry: { } entry, Tag: { Name.Length: > 0 } tag })
        {
            return null;
        }

        return new PrepareRenameResult(store.Encoder.ToRange(document, NameSpan(entry, tag)), tag.Name);
    }

    public static WorkspaceEdit? Rename(DocumentStore store, NoteDocument document, Position position, string newName, CancellationToken ct)
    {
        var at = Lookup.At(document, store.Encoder.ToOffset(document, position));
        if (at is not { Tag: { Name.Length: > 0 } tag })
        {
            throw new LocalRpcException("Only tags can be renamed: put the cursor on a #tag.") { ErrorCode = Lsp.RequestFailed };
        }

        var name = (newName ?? string.Empty).Trim();
        if (name.StartsWith('#'))
        {
            name = name[1..];
        }

        // A tag list glued to prose is only found while its tags look like tags: a name that does not would turn the
        // tags before it into the previous entry's text.
        if (name.Length == 0 || name.Contains('#') || name.Contains(EntryBoundaries.IssueDateLiteral, StringComparison.Ordinal) || !EntryBoundaries.IsTagLike(name))
        {
            throw new LocalRpcException($"'{newName}' is not a tag name: it must be non-empty, on one line, no longer than 64 characters with up to 4 spaces, without '#', 'Issue Date:', tabs or sentence punctuation.") { ErrorCode = Lsp.InvalidParams };
        }

        var edits = new Dictionary<string, List<TextEdit>>(StringComparer.Ordinal);
        foreach (var (key, entry, _) in store.Workspace.TagOccurrences(tag.Name))
        {
            ct.ThrowIfCancellationRequested();
            var target = store.Workspace.Get(key)!;
            if (!edits.TryGetValue(key, out var list))
            {
                list = [];
                edits[key] = list;
            }

            foreach (var t in entry.Syntax.Tags)
            {
                if (t.Name == tag.Name)
                {
                    var edit = new TextEdit(store.Encoder.ToRange(target, NameSpan(entry, t)), name);
                    if (!list.Contains(edit))
                    {
                        list.Add(edit);
                    }
                }
            }
        }

        return store.Edit(edits.Select(e => (e.Key, (IReadOnlyList<TextEdit>)e.Value)));
    }

    /// <summary>The tag's name without its <c>#</c>, in absolute offsets.</summary>
    private static TextSpan NameSpan(EntryAt entry, TagSyntax tag)
    {
        var text = entry.Syntax.GetText(tag.Span);
        var skip = text.StartsWith('#') ? 1 : 0;
        var nameAt = text.IndexOf(tag.Name, skip, StringComparison.Ordinal);
        var start = nameAt >= 0 ? nameAt : skip;
        return entry.Absolute(new TextSpan(tag.Span.Start + start, nameAt >= 0 ? tag.Name.Length : tag.Span.Length - skip));
    }
}
