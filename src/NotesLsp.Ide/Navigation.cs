using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>A place to go to: a document and the span to select there.</summary>
public readonly record struct NavigationTarget(string Document, TextSpan Span);

public enum HighlightKind
{
    /// <summary>Where the thing is defined: an entry's own number.</summary>
    Definition,

    /// <summary>A use: a tag, a <c>・NNNN</c>.</summary>
    Use,
}

public readonly record struct Highlight(TextSpan Span, HighlightKind Kind);

/// <summary>Go to definition, find references and document highlights, copies of an entry being one entry.</summary>
public static class Navigation
{
    /// <summary>
    /// On <c>・NNNN</c>: the copy of entry NNNN in the same dump when there is one, else every copy (open dumps first). On
    /// an entry's own <c>#NNNN</c>: its copies in the other dumps. On a tag: the dump whose category is that tag.
    /// </summary>
    public static IReadOnlyList<NavigationTarget> Definition(Workspace workspace, string key, int offset)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var at = Lookup.At(workspace, document, offset);
        if (at.Reference is { } reference)
        {
            var copies = Ide.Copies.Ordered(workspace, reference.Number, key);
            var here = copies.Where(c => c.Document == key).ToList();
            return [.. (here.Count > 0 ? here : copies).Select(Target)];
        }

        if (at.Tag is { Name.Length: > 0 } tag)
        {
            return CategoryDumps(workspace, tag.Name);
        }

        if (at.OnNumber && at.Entry is { Syntax.Number: { } number } entry)
        {
            var others = Ide.Copies.Ordered(workspace, number, key).Where(c => c.Document != key || c.Entry.Start != entry.Start).ToList();
            return [.. (others.Count > 0 ? others : [new EntryLocation(key, entry)]).Select(Target)];
        }

        return [];
    }

    /// <summary>The header of every copy of an entry (open dumps first).</summary>
    public static IReadOnlyList<NavigationTarget> CopiesOf(Workspace workspace, int number, string? preferred) =>
        [.. Ide.Copies.Ordered(workspace, number, preferred).Select(Target)];

    /// <summary>
    /// From an entry's header (or a <c>・NNNN</c>): every <c>・NNNN</c> pointing at the entry, in every dump, plus the header of
    /// every copy when <paramref name="includeDeclaration"/>. From a tag: every entry carrying it.
    /// </summary>
    public static IReadOnlyList<NavigationTarget> References(Workspace workspace, string key, int offset, bool includeDeclaration, CancellationToken cancellationToken = default)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var at = Lookup.At(workspace, document, offset);
        var result = new List<NavigationTarget>();
        if (at.Tag is { Name.Length: > 0 } tag)
        {
            foreach (var (doc, _, span) in workspace.TagOccurrences(tag.Name))
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Add(new NavigationTarget(doc, span));
            }

            return result;
        }

        if (at.Number is not { } number)
        {
            return [];
        }

        if (includeDeclaration)
        {
            result.AddRange(CopiesOf(workspace, number, key));
        }

        foreach (var (doc, _, span) in workspace.References(number))
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new NavigationTarget(doc, span));
        }

        return result;
    }

    /// <summary>On a tag: every occurrence of the tag in this dump. On <c>#N</c> or <c>・N</c>: the entry's header number and every reference to it in this dump.</summary>
    public static IReadOnlyList<Highlight> Highlights(Workspace workspace, string key, int offset)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var at = Lookup.At(workspace, document, offset);
        var result = new List<Highlight>();
        if (at.Tag is { Name.Length: > 0 } tag)
        {
            foreach (var entry in document.Entries())
            {
                foreach (var t in entry.Syntax.Tags)
                {
                    if (t.Name == tag.Name)
                    {
                        result.Add(new Highlight(entry.Absolute(t.Span), HighlightKind.Use));
                    }
                }
            }

            return result;
        }

        var number = at.Reference?.Number ?? (at.OnNumber ? at.Entry?.Syntax.Number : null);
        if (number is not { } n)
        {
            return [];
        }

        foreach (var entry in document.Entries())
        {
            var syntax = entry.Syntax;
            if (syntax.Number == n && syntax.NumberSpan is { } numberSpan)
            {
                result.Add(new Highlight(entry.Absolute(numberSpan), HighlightKind.Definition));
            }

            foreach (var reference in syntax.References)
            {
                if (reference.Number == n && (!reference.Tentative || workspace.IsDefined(n)))
                {
                    result.Add(new Highlight(entry.Absolute(reference.Span), HighlightKind.Use));
                }
            }
        }

        return result;
    }

    /// <summary>Dumps whose category line is <paramref name="tag"/>.</summary>
    public static IReadOnlyList<NavigationTarget> CategoryDumps(Workspace workspace, string tag)
    {
        var result = new List<NavigationTarget>();
        foreach (var key in workspace.Documents)
        {
            var prologue = workspace.Get(key)!.Prologue;
            if (prologue.Title.Trim() == tag)
            {
                result.Add(new NavigationTarget(key, prologue.TitleSpan));
            }
        }

        return result;
    }

    private static NavigationTarget Target(EntryLocation copy) => new(copy.Document, Lookup.HeaderTarget(copy.Entry));
}
