using System.Runtime.CompilerServices;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>One entry in a dump's outline: its title (or number), date · venue, its extent and its header.</summary>
public readonly record struct OutlineEntry(string Name, string? Detail, TextSpan Span, TextSpan FocusSpan);

/// <summary>A dump's outline: the category (its title line, or the file name) holding one item per entry.</summary>
public sealed record DocumentOutline(string Category, TextSpan CategorySpan, int Length, IReadOnlyList<OutlineEntry> Entries);

/// <summary>
/// The document outline. Entries have no children: a dump holds thousands of entries and the outline is re-requested
/// after every edit, so it stays one item per entry (folding covers summaries and comments). Each entry's name,
/// detail and extent are computed once per parsed entry.
/// </summary>
public static class Outline
{
    private static readonly ConditionalWeakTable<EntrySyntax, EntryOutline> Cache = [];

    public static DocumentOutline? Of(Workspace workspace, string key, CancellationToken cancellationToken = default)
    {
        if (workspace.Get(key) is not { } document)
        {
            return null;
        }

        var entries = new List<OutlineEntry>(document.EntryCount);
        foreach (var entry in document.Entries())
        {
            if ((entries.Count & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var outline = Cache.GetValue(entry.Syntax, OutlineOf);
            entries.Add(new OutlineEntry(outline.Name, outline.Detail, entry.Absolute(outline.Range), Lookup.HeaderTarget(entry)));
        }

        var prologue = document.Prologue;
        var title = prologue.Title.Trim();
        return new DocumentOutline(title.Length > 0 ? title : Path.GetFileNameWithoutExtension(key), prologue.TitleSpan, document.Length, entries);
    }

    /// <summary>An entry's name as every list shows it: its title, else its number.</summary>
    public static string NameOf(EntrySyntax entry)
    {
        var name = entry.Title.Trim();
        return name.Length > 0 ? name : entry.Number is { } n ? $"#{n}" : "(untitled entry)";
    }

    private sealed record EntryOutline(string Name, string? Detail, TextSpan Range);

    private static EntryOutline OutlineOf(EntrySyntax e)
    {
        var detail = string.Join(" · ", new[] { e.DateText, e.VenueSpan is { } v ? e.GetText(v) : null }.Where(x => !string.IsNullOrEmpty(x)));
        return new EntryOutline(NameOf(e), detail.Length > 0 ? detail : null, new TextSpan(0, TrimmedLength(e.Text.Span)));
    }

    /// <summary>Drops trailing line breaks and blanks so an item ends on its last line of text.</summary>
    private static int TrimmedLength(ReadOnlySpan<char> text)
    {
        var i = text.Length;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return i;
    }
}
