using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>The one edit that puts a glued entry (tag list on the previous line) on a line of its own.</summary>
public static class GluedEntries
{
    /// <summary>Replaces the single blank before the entry with a line break (or inserts one when there is none).</summary>
    public static TextChange Unglue(NoteDocument document, EntryAt entry)
    {
        var newline = LineBreakOf(document);
        var first = entry.Syntax.Length > 0 ? entry.Syntax.Text.Span[0] : '#';
        if (IsGlue(first))
        {
            return new TextChange(new TextSpan(entry.Start, 1), newline);
        }

        var before = entry.Start > 0 ? document.GetText(new TextSpan(entry.Start - 1, 1))[0] : '\n';
        return IsGlue(before)
            ? new TextChange(new TextSpan(entry.Start - 1, 1), newline)
            : new TextChange(new TextSpan(entry.Start, 0), newline);
    }

    private static bool IsGlue(char c) => c is ' ' or '\t' or '\u3000';

    public static IEnumerable<(EntryAt Entry, TextChange Change)> All(NoteDocument document)
    {
        foreach (var entry in document.Entries())
        {
            if (document.IsGlued(entry))
            {
                yield return (entry, Unglue(document, entry));
            }
        }
    }

    /// <summary>The document's own line break (CRLF when its first line ends with one).</summary>
    public static string LineBreakOf(NoteDocument document)
    {
        if (document.LineCount < 2)
        {
            return "\n";
        }

        var end = document.LineContentEndOffset(0);
        return document.LineStartOffset(1) - end == 2 ? "\r\n" : "\n";
    }
}
