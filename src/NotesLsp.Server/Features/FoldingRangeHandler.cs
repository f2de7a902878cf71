using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary><c>textDocument/foldingRange</c>: each entry spanning several lines, and each multi-line comment.</summary>
public static class FoldingRangeHandler
{
    public static FoldingRange[] Ranges(NoteDocument document)
    {
        LineIndex.Prepare(document);
        var result = new List<FoldingRange>();
        foreach (var entry in document.Entries())
        {
            var start = LineIndex.PositionOf(document, entry.Start).Line;
            var end = LastLine(document, entry.Span);
            if (end > start)
            {
                result.Add(new FoldingRange(start, end, null));
            }

            if (entry.Syntax.CommentKeywordSpan is { } keyword)
            {
                var comment = entry.Absolute(TextSpan.FromBounds(keyword.Start, Math.Max(keyword.End, entry.Syntax.CommentSpan.End)));
                var commentStart = LineIndex.PositionOf(document, comment.Start).Line;
                var commentEnd = LastLine(document, comment);
                if (commentEnd > commentStart && (commentStart != start || commentEnd != end))
                {
                    result.Add(new FoldingRange(commentStart, commentEnd, "comment"));
                }
            }
        }

        return [.. result];
    }

    /// <summary>The line of the span's last character that is not a line break.</summary>
    private static int LastLine(NoteDocument document, TextSpan span)
    {
        var end = span.End;
        while (end > span.Start)
        {
            var c = document.GetText(new TextSpan(end - 1, 1))[0];
            if (c is not ('\n' or '\r'))
            {
                break;
            }

            end--;
        }

        return LineIndex.PositionOf(document, Math.Max(span.Start, end - 1)).Line;
    }
}
