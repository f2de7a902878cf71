using System.Globalization;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>What a rename at the caret would change: the span to edit and the current name.</summary>
public readonly record struct RenameTarget(TextSpan Span, string Placeholder);

/// <summary>
/// Rename, for tags and entry numbers. A tag: every occurrence in every dump (the name after <c>#</c>, nothing else). An
/// entry number, from its header or any <c>・N</c>: the header number of every copy and every reference, together; a
/// number already in use is refused.
/// </summary>
public static class Rename
{
    public static RenameTarget? Prepare(Workspace workspace, string key, int offset)
    {
        if (workspace.Get(key) is not { } document)
        {
            return null;
        }

        var at = Lookup.At(workspace, document, offset);
        if (at is { Entry: { } entry, Tag: { Name.Length: > 0 } tag })
        {
            return new RenameTarget(TagNameSpan(entry, tag), tag.Name);
        }

        if (at.Entry is { } e && at.Reference is { } reference)
        {
            return new RenameTarget(e.Absolute(reference.NumberSpan), reference.Number.ToString(CultureInfo.InvariantCulture));
        }

        if (at is { OnNumber: true, Entry: { Syntax: { Number: { } number, NumberSpan: { } span } } owner })
        {
            return new RenameTarget(owner.Absolute(Digits(span)), number.ToString(CultureInfo.InvariantCulture));
        }

        return null;
    }

    /// <summary>The edits of a rename; throws <see cref="FeatureRefusedException"/> with the reason when it cannot be done.</summary>
    public static SourceChange Apply(Workspace workspace, string key, int offset, string newName, CancellationToken cancellationToken = default)
    {
        if (workspace.Get(key) is not { } document)
        {
            return SourceChange.Empty;
        }

        var at = Lookup.At(workspace, document, offset);
        if (at.Tag is { Name.Length: > 0 } tag)
        {
            return RenameTag(workspace, tag.Name, newName, cancellationToken);
        }

        var number = at.Reference?.Number ?? (at.OnNumber ? at.Entry?.Syntax.Number : null);
        if (number is { } n)
        {
            return RenameNumber(workspace, n, newName, cancellationToken);
        }

        throw new FeatureRefusedException("Only tags and entry numbers can be renamed: put the cursor on a #tag, an entry's #number or a ・number.");
    }

    private static SourceChange RenameTag(Workspace workspace, string old, string newName, CancellationToken cancellationToken)
    {
        var name = (newName ?? string.Empty).Trim();
        if (name.StartsWith('#'))
        {
            name = name[1..];
        }

        // A tag list glued to prose is only found while its tags look like tags: a name that does not would turn the
        // tags before it into the previous entry's text.
        if (name.Length == 0 || name.Contains('#') || name.Contains(EntryBoundaries.IssueDateLiteral, StringComparison.Ordinal) || !EntryBoundaries.IsTagLike(name))
        {
            throw new FeatureRefusedException($"'{newName}' is not a tag name: it must be non-empty, on one line, no longer than 64 characters with up to 4 spaces, without '#', 'Issue Date:', tabs or sentence punctuation.");
        }

        var edits = new List<(string, TextChange)>();
        foreach (var (doc, entry, _) in workspace.TagOccurrences(old))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var t in entry.Syntax.Tags)
            {
                if (t.Name == old)
                {
                    edits.Add((doc, new TextChange(TagNameSpan(entry, t), name)));
                }
            }
        }

        return SourceChange.Of(edits);
    }

    private static SourceChange RenameNumber(Workspace workspace, int old, string newName, CancellationToken cancellationToken)
    {
        var text = (newName ?? string.Empty).Trim().TrimStart('#', '・');
        if (text.Length == 0 || text.Length > 9 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0'))
        {
            throw new FeatureRefusedException($"'{newName}' is not an entry number: write digits only, without leading zeros (e.g. 2555).");
        }

        var number = int.Parse(text, CultureInfo.InvariantCulture);
        if (number == old)
        {
            return SourceChange.Empty;
        }

        if (workspace.IsDefined(number))
        {
            var taken = workspace.CopiesOf(number)[0];
            throw new FeatureRefusedException($"Entry number #{number} is already used by \"{taken.Title}\" in {Path.GetFileName(taken.Document)}: pick a free number (the next free one is {Completion.NextFreeNumber(workspace)}).");
        }

        var edits = new List<(string, TextChange)>();
        foreach (var copy in workspace.Definitions(old))
        {
            cancellationToken.ThrowIfCancellationRequested();
            edits.Add((copy.Document, new TextChange(copy.Entry.Absolute(Digits(copy.Entry.Syntax.NumberSpan!.Value)), text)));
        }

        foreach (var (doc, entry, span) in workspace.References(old))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reference = entry.Syntax.References.First(r => entry.Absolute(r.Span) == span);
            edits.Add((doc, new TextChange(entry.Absolute(reference.NumberSpan), text)));
        }

        return SourceChange.Of(edits);
    }

    /// <summary>The digits of a <c>#NNNN</c> number token, without its <c>#</c>.</summary>
    private static TextSpan Digits(TextSpan numberSpan) => new(numberSpan.Start + 1, numberSpan.Length - 1);

    /// <summary>The tag's name without its <c>#</c>, in absolute offsets.</summary>
    private static TextSpan TagNameSpan(EntryAt entry, TagSyntax tag)
    {
        var text = entry.Syntax.Text.Span.Slice(tag.Span.Start, tag.Span.Length);
        var skip = text.StartsWith('#') ? 1 : 0;
        var nameAt = text[skip..].IndexOf(tag.Name, StringComparison.Ordinal) is var found and >= 0 ? found + skip : -1;
        var start = nameAt >= 0 ? nameAt : skip;
        return entry.Absolute(new TextSpan(tag.Span.Start + start, nameAt >= 0 ? tag.Name.Length : tag.Span.Length - skip));
    }
}
