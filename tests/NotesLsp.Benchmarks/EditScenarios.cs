using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>The edits the parser benchmarks apply (one at a time, to the same parsed document).</summary>
public enum EditKind
{
    /// <summary>Type one character inside an entry's summary.</summary>
    InsertChar,

    /// <summary>Paste one line (Japanese, a URL with a fragment, an emoji) at the start of a comment line.</summary>
    PasteLine,

    /// <summary>Insert "\n" before a glued entry's tag list: the entry moves to its own line.</summary>
    SplitBeforeTags,

    /// <summary>Insert a new <c>Issue Date:</c> line inside an entry's comment: the entry splits in two.</summary>
    SplitNewIssueDate,

    /// <summary>Delete a whole entry block.</summary>
    DeleteEntry,
}

/// <summary>Where in the document the edit lands: the first entry, the middle one, or the last one.</summary>
public enum EditWhere
{
    Start,
    Middle,
    End,
}

public static class EditScenarios
{
    public const string PastedLine = "貼り付けた一行: 参考 https://example.com/paper?id=42#section-3 とのこと 🎉";

    public const string NewIssueDateLine = "Issue Date: 2026-01-02 #99999 [Paper Note] A Pasted Entry, Someone+, arXiv'26 Summary新しいエントリの要約。";

    /// <summary>The change for <paramref name="kind"/> at <paramref name="where"/> in <paramref name="document"/>.</summary>
    public static TextChange Change(NoteDocument document, EditKind kind, EditWhere where)
    {
        var entry = Target(document, kind, where);
        var e = entry.Syntax;
        switch (kind)
        {
            case EditKind.InsertChar:
                return new TextChange(new TextSpan(entry.Start + Math.Min(e.SummarySpan.Start + 1, e.Length), 0), "x");
            case EditKind.PasteLine:
                return AtCommentLine(entry, PastedLine);
            case EditKind.SplitBeforeTags:
                return new TextChange(new TextSpan(entry.Start, 0), "\n");
            case EditKind.SplitNewIssueDate:
                return AtCommentLine(entry, NewIssueDateLine);
            case EditKind.DeleteEntry:
                return new TextChange(entry.Span, string.Empty);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// The entry the edit targets: the first, middle or last one; for <see cref="EditKind.SplitBeforeTags"/> the
    /// nearest glued entry with tags (searching inwards), so that the newline really splits a line.
    /// </summary>
    public static EntryAt Target(NoteDocument document, EditKind kind, EditWhere where)
    {
        if (document.EntryCount == 0)
        {
            throw new InvalidOperationException("the document has no entries");
        }

        var index = where switch
        {
            EditWhere.Start => 1,
            EditWhere.Middle => 1 + (document.EntryCount / 2),
            _ => document.EntryCount,
        };
        if (kind != EditKind.SplitBeforeTags)
        {
            return document.EntryByIndex(index);
        }

        var step = where == EditWhere.End ? -1 : 1;
        for (var i = index; i >= 1 && i <= document.EntryCount; i += step)
        {
            var candidate = document.EntryByIndex(i);
            if (candidate.Syntax.Tags.Count > 0 && document.IsGlued(candidate))
            {
                return candidate;
            }
        }

        return document.EntryByIndex(index);
    }

    /// <summary>Inserts <paramref name="line"/> as a line of its own inside the entry's comment.</summary>
    private static TextChange AtCommentLine(EntryAt entry, string line)
    {
        var at = CommentLineStart(entry.Syntax);
        var atLineStart = at > 0 && entry.Syntax.Text.Span[at - 1] == '\n';
        return new TextChange(new TextSpan(entry.Start + at, 0), (atLineStart ? string.Empty : "\n") + line + "\n");
    }

    /// <summary>The start of a line inside the entry's comment (the second comment line when there is one), relative to the entry.</summary>
    private static int CommentLineStart(EntrySyntax e)
    {
        var text = e.Text.Span;
        var end = Math.Min(e.CommentSpan.End, text.Length);
        for (var i = Math.Max(e.CommentSpan.Start, 0); i < end - 1; i++)
        {
            if (text[i] == '\n')
            {
                return i + 1;
            }
        }

        // A one-line comment: paste at the start of the comment text (the pasted text then ends with a newline).
        return e.CommentSpan.Length > 0 ? e.CommentSpan.Start : e.SummarySpan.End;
    }
}
