using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>A foldable line range (0-based lines, both inclusive).</summary>
public readonly record struct Fold(int StartLine, int EndLine, bool IsComment);

/// <summary>Folding: each entry spanning several lines, and each multi-line comment.</summary>
public static class Folding
{
    public static IReadOnlyList<Fold> Of(Workspace workspace, string key)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var result = new List<Fold>();
        foreach (var entry in document.Entries())
        {
            var start = document.PositionOf(entry.Start).Line;
            var end = LastLine(document, entry.Span);
            if (end > start)
            {
                result.Add(new Fold(start, end, false));
            }

            if (entry.Syntax.CommentKeywordSpan is { } keyword)
            {
                var comment = entry.Absolute(TextSpan.FromBounds(keyword.Start, Math.Max(keyword.End, entry.Syntax.CommentSpan.End)));
                var commentStart = document.PositionOf(comment.Start).Line;
                var commentEnd = LastLine(document, comment);
                if (commentEnd > commentStart && (commentStart != start || commentEnd != end))
                {
                    result.Add(new Fold(commentStart, commentEnd, true));
                }
            }
        }

        return result;
    }

    /// <summary>The line of the span's last character that is not a line break.</summary>
    private static int LastLine(NoteDocument document, TextSpan span)
    {
        var end = span.End;
        while (end > span.Start && document.GetText(new TextSpan(end - 1, 1))[0] is '\n' or '\r')
        {
            end--;
        }

        return document.PositionOf(Math.Max(span.Start, end - 1)).Line;
    }
}
