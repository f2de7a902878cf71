using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class GluedEntryRule : EntryRule
{
    public override string Code => "NL014";

    public override string Name => "glued-entry";

    public override Severity DefaultSeverity => Severity.Off;

    public override string Summary => "an entry glued to the previous line; off by default because real dumps glue most entries (the \"put it on its own line\" fix and `format` work either way)";

    public override string Explanation => """
        Dumps are written with the next entry's tag list (or, for an entry without tags, its `Issue Date:`)
        following the previous entry's text on the same line. That is valid, so the rule is off by default; turn
        it on to keep every entry on a line of its own. The fix, `notes-lsp format` and the editor's formatting
        replace the blank before the entry with a line break and change nothing else.

        Flagged:

            …とのことである。 #NLP #LanguageModel Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Fixed:

            …とのことである。
            #NLP #LanguageModel Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override FixSafety? Fixable => FixSafety.Safe;

    public override bool ReadsContext => true;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        if (context.IsGlued)
        {
            var entry = context.Entry;
            var end = entry.Tags.Count > 0 ? entry.TagListSpan.End : entry.IssueDateKeywordSpan.End;
            diagnostics.Report(this, new TextSpan(0, Math.Max(1, end)), "Entry starts on the same line as the previous text; it can go on a line of its own.");
        }
    }

    public override IEnumerable<Fix> FixesFor(NoteDiagnostic diagnostic, FixContext context)
    {
        if (context.Document.EntryAtOffset(diagnostic.Span.Start) is { } entry && entry.Start == diagnostic.Span.Start && context.Document.IsGlued(entry))
        {
            var change = GluedEntries.Unglue(context.Document, entry);
            yield return new Fix(GluedEntries.Title, FixSafety.Safe, [new FixEdit(null, change)]);
        }
    }
}

/// <summary>The one edit that puts a glued entry on a line of its own; shared by NL014's fix and formatting.</summary>
public static class GluedEntries
{
    public const string Title = "Put the entry on its own line";

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
        var cut = IsGlue(before) ? new TextSpan(entry.Start - 1, 1) : new TextSpan(entry.Start, 0);
        if (entry.Syntax.Tags.Count == 0 && WouldBecomeTagList(document, cut.Start))
        {
            // "…#ICML　Issue Date:" is a tagless entry after text that ends like a tag list; on a line of its own
            // the entry would take that text as its tags, so a blank line keeps the two apart.
            newline += newline;
        }

        return new TextChange(cut, newline);
    }

    /// <summary>Whether the text from the line's start to <paramref name="lineEnd"/> reads as the tag list of an anchor on the next line.</summary>
    private static bool WouldBecomeTagList(NoteDocument document, int lineEnd)
    {
        var line = document.GetText(TextSpan.FromBounds(document.LineStartOffset(document.PositionOf(lineEnd).Line), lineEnd));
        var probe = line + "\n" + EntryBoundaries.IssueDateLiteral + " 2000-01-01";
        var starts = new List<int>();
        EntryBoundaries.FindEntryStarts(probe, zeroIsLineStart: true, starts);
        return starts.Count > 0 && starts[^1] <= line.Length;
    }

    /// <summary>Every glued entry of the document with its edit, in document order.</summary>
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

    private static bool IsGlue(char c) => c is ' ' or '\t' or '\u3000';
}
