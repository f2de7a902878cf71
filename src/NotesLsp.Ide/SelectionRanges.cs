using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>
/// Selection ranges (expand selection): the token under the caret (a reference, a tag, the number, the date) → its
/// line → the part of the entry it is in (tag list and header, summary, comment) → the entry → the document.
/// </summary>
public static class SelectionRanges
{
    /// <summary>From innermost to outermost, each containing the previous, without repeats.</summary>
    public static IReadOnlyList<TextSpan> At(Workspace workspace, string key, int offset)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        offset = Math.Clamp(offset, 0, document.Length);
        var result = new List<TextSpan>();
        void Add(TextSpan span)
        {
            if (span.Start <= offset && offset <= span.End && (result.Count == 0 || (span.Start <= result[^1].Start && span.End >= result[^1].End && span != result[^1])))
            {
                result.Add(span);
            }
        }

        var line = document.PositionOf(offset).Line;
        var lineSpan = TextSpan.FromBounds(document.LineStartOffset(line), document.LineContentEndOffset(line));
        if (document.EntryAtOffset(offset) is { } entry)
        {
            var s = entry.Syntax;
            var local = offset - entry.Start;
            if (s.Tokens.FirstOrDefault(t => t.Start <= local && local <= t.Start + t.Length && t.Kind is SyntaxKind.Reference or SyntaxKind.Tag or SyntaxKind.EntryNumber or SyntaxKind.Date or SyntaxKind.Venue) is { Length: > 0 } token)
            {
                Add(entry.Absolute(new TextSpan(token.Start, token.Length)));
            }

            // An entry glued to its neighbours shares a line with them: its part of the line stays inside it.
            var contentEnd = entry.Start + EntryContent.ComparableSpan(s).End;
            Add(TextSpan.FromBounds(Math.Max(lineSpan.Start, entry.Start), Math.Max(Math.Min(lineSpan.End, contentEnd), offset)));
            var summaryStart = s.SummaryKeywordSpan?.Start;
            var commentStart = s.CommentKeywordSpan?.Start;
            var content = EntryContent.ComparableSpan(s);
            var head = TextSpan.FromBounds(0, summaryStart ?? commentStart ?? content.End);
            var summary = summaryStart is { } ss ? TextSpan.FromBounds(ss, Math.Min(commentStart ?? content.End, content.End)) : (TextSpan?)null;
            var comment = commentStart is { } cs ? TextSpan.FromBounds(cs, Math.Max(cs, content.End)) : (TextSpan?)null;
            foreach (var part in new[] { (TextSpan?)head, summary, comment })
            {
                if (part is { } p && p.ContainsOrTouches(local))
                {
                    Add(entry.Absolute(p));
                    break;
                }
            }

            Add(entry.Absolute(TextSpan.FromBounds(0, content.End)));
            Add(entry.Span);
        }
        else
        {
            Add(lineSpan);
        }

        Add(new TextSpan(0, document.Length));
        return result;
    }
}
