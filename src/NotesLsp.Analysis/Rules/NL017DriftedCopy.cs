using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class DriftedCopyRule : EntryRule
{
    private const int Shown = 60;

    public override string Code => "NL017";

    public override string Name => "drifted-copy";

    public override Severity DefaultSeverity => Severity.Information;

    public override string Summary => "a copy of an entry (same number and date) that reads differently from its copy in another dump (unsafe fixes: take the other copy's text, or give every copy this one's)";

    public override string Explanation => """
        A collection keeps each entry in the dump of every tag it carries, and dumps are regenerated at different
        times, so copies of one entry drift apart: a title gains a `[Paper Note] ` prefix or is rewritten when the
        paper is renamed, a comment grows. Copies are still one entry (same number, same date); this says what
        differs so the copies can be brought back together. Tag lists are not compared: each dump leaves its own
        tag out of its copy. The fixes are unsafe (a person picks the right text): make this copy equal to
        another one, or make every copy equal to this one.

        Flagged (in two dumps):

            #NLP Issue Date: 2026-04-10 #5120 Model-X, OrgName, 2026.04 Summary…
            #RAG Issue Date: 2026-04-10 #5120 [Paper Note] Model-X: Towards Something, A. Author+, arXiv'26, 2026.04 Summary…

        Consistent:

            #NLP Issue Date: 2026-04-10 #5120 [Paper Note] Model-X: Towards Something, A. Author+, arXiv'26, 2026.04 Summary…
            #RAG Issue Date: 2026-04-10 #5120 [Paper Note] Model-X: Towards Something, A. Author+, arXiv'26, 2026.04 Summary…
        """;

    public override FixSafety? Fixable => FixSafety.Unsafe;

    public override bool ReadsContext => true;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.Number is not { } number || entry.NumberSpan is not { } numberSpan || EntryDate.Of(entry).Key is not { } date)
        {
            return;
        }

        var hash = EntryContent.Hash(entry);
        var differing = OtherVariants(context.Workspace, number, date, hash).ToList();
        if (differing.Count == 0)
        {
            return;
        }

        var first = differing[0];
        var what = Differences(entry, first.Entry);
        var more = differing.Count > 1 ? $" ({differing.Count - 1} more {(differing.Count == 2 ? "copy differs" : "copies differ")})" : string.Empty;
        diagnostics.Report(this, numberSpan, $"This copy of #{number} differs from the copy in {FileName(first.Document)}: {what}{more}.");
    }

    public override IEnumerable<Fix> FixesFor(NoteDiagnostic diagnostic, FixContext context)
    {
        if (context.Document.EntryAtOffset(diagnostic.Span.Start) is not { } here || here.Syntax.Number is not { } number || EntryDate.Of(here.Syntax).Key is not { } date)
        {
            yield break;
        }

        var hash = EntryContent.Hash(here.Syntax);
        var variants = OtherVariants(context.Workspace, number, date, hash).ToList();
        var ownSpan = here.Absolute(EntryContent.ComparableSpan(here.Syntax));
        var ownBreak = GluedEntries.LineBreakOf(context.Document);
        foreach (var variant in variants)
        {
            var text = WithLineBreaks(ComparableText(variant.Entry), ownBreak);
            yield return new Fix($"Make this copy of #{number} equal to the copy in {FileName(variant.Document)}", FixSafety.Unsafe, [new FixEdit(null, new TextChange(ownSpan, text))]);
        }

        var own = ComparableText(here.Syntax);
        var edits = new List<FixEdit>();
        foreach (var copy in context.Workspace.Definitions(number))
        {
            if (EntryDate.Of(copy.Entry.Syntax).Key != date || EntryContent.Hash(copy.Entry.Syntax) == hash || context.Workspace.Get(copy.Document) is not { } document)
            {
                continue;
            }

            var span = copy.Entry.Absolute(EntryContent.ComparableSpan(copy.Entry.Syntax));
            edits.Add(new FixEdit(copy.Document, new TextChange(span, WithLineBreaks(own, GluedEntries.LineBreakOf(document)))));
        }

        if (edits.Count > 0)
        {
            yield return new Fix($"Make every copy of #{number} equal to this one ({edits.Count} to change)", FixSafety.Unsafe, edits);
        }
    }

    /// <summary>The other readings of the entry with this date (see <see cref="Workspace.Variants"/>), in document order.</summary>
    private static IEnumerable<CopyVariant> OtherVariants(Workspace workspace, int number, string date, long hash)
    {
        if (workspace.CopiesOf(number).All(c => c.DateKey != date || c.ContentHash == hash))
        {
            return [];
        }

        return workspace.Variants(number).Where(v => v.DateKey == date && v.ContentHash != hash);
    }

    private static string Differences(EntrySyntax here, EntrySyntax there)
    {
        var parts = new List<string>();
        if (here.Header != there.Header)
        {
            parts.Add($"the header there is \"{Shorten(there.Header)}\"");
        }

        // Lengths of the texts as compared (CRLF read as LF, like the content hash): a copy that differs from a cached
        // reading only by its line breaks is the same reading, and must get the same message.
        var (hereSummary, thereSummary) = (Text(here, here.SummarySpan), Text(there, there.SummarySpan));
        if (hereSummary != thereSummary)
        {
            parts.Add(LengthDifference("summary", hereSummary.Length, thereSummary.Length));
        }

        var hereComment = here.CommentKeywordSpan is null ? null : Text(here, here.CommentSpan);
        var thereComment = there.CommentKeywordSpan is null ? null : Text(there, there.CommentSpan);
        if (hereComment != thereComment)
        {
            parts.Add((hereComment, thereComment) switch
            {
                (null, _) => "only that copy has a comment",
                (_, null) => "that copy has no comment",
                _ => LengthDifference("comment", hereComment.Length, thereComment.Length),
            });
        }

        return parts.Count > 0 ? string.Join("; ", parts) : "the text differs";
    }

    private static string LengthDifference(string part, int here, int there) => there.CompareTo(here) switch
    {
        > 0 => $"the {part} there is {there - here} characters longer",
        < 0 => $"the {part} there is {here - there} characters shorter",
        _ => $"the {part} differs",
    };

    private static string Text(EntrySyntax entry, TextSpan span) => entry.GetText(span).TrimEnd().Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string ComparableText(EntrySyntax entry) => entry.GetText(EntryContent.ComparableSpan(entry));

    private static string WithLineBreaks(string text, string lineBreak)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return lineBreak == "\n" ? lf : lf.Replace("\n", lineBreak, StringComparison.Ordinal);
    }

    private static string Shorten(string text)
    {
        if (text.Length <= Shown)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[Shown - 1]) ? Shown - 1 : Shown;
        return text[..cut].TrimEnd() + "…";
    }

    private static string FileName(string document) => System.IO.Path.GetFileName(document);
}
