using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>A short text shown after <see cref="Offset"/>, with a longer one on hover.</summary>
public readonly record struct InlayHint(int Offset, string Label, string Tooltip);

/// <summary>
/// Inlay hints: after every <c>・NNNN</c> that resolves, the entry's title (shortened), so a bare number says what it is;
/// nothing after one that does not. Only the entries overlapping the requested range are looked at.
/// </summary>
public static class InlayHints
{
    public const int DefaultMaxLength = 40;

    public static IReadOnlyList<InlayHint> In(Workspace workspace, string key, TextSpan range, int maxLength = DefaultMaxLength)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var result = new List<InlayHint>();
        foreach (var entry in document.EntriesFrom(range.Start))
        {
            if (entry.Start > range.End)
            {
                break;
            }

            foreach (var reference in entry.Syntax.References)
            {
                var end = entry.Start + reference.Span.End;
                if (end < range.Start || end > range.End || Copies.Representative(workspace, reference.Number, key) is not { } target)
                {
                    continue;
                }

                var syntax = target.Entry.Syntax;
                var title = Outline.NameOf(syntax);
                var tooltip = $"{syntax.Header}\n{syntax.DateText ?? "(no date)"} · #{reference.Number}";
                result.Add(new InlayHint(end, Shorten(title, maxLength), tooltip));
            }
        }

        return result;
    }

    public static string Shorten(string text, int maxLength)
    {
        if (maxLength <= 0 || text.Length <= maxLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return text[..cut].TrimEnd() + "…";
    }
}
