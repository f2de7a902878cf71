namespace NotesLsp.Analysis;

public sealed class DuplicateNumberRule : EntryRule
{
    public override string Code => "NL010";

    public override string Name => "duplicate-number";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "one number on entries with different dates (copies of one entry in several dumps share number and date)";

    public override string Explanation => """
        An entry is kept in the dump of every tag it carries, so the same number appears in many files: copies
        share their number and their date, even when one copy was regenerated later and reads differently (that is
        NL017). Two entries with one number and different dates are different entries: one of the numbers is
        mistyped, and `・NNNN` references to it are ambiguous.

        Bad (in two dumps):

            #NLP Issue Date: 2025-04-30 #2555 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
            #RAG Issue Date: 2024-01-10 #2555 Another Paper, Someone+, ACL'24 Summary…

        Good:

            #NLP Issue Date: 2025-04-30 #2555 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
            #RAG Issue Date: 2024-01-10 #1255 Another Paper, Someone+, ACL'24 Summary…
        """;

    public override bool ReadsContext => true;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.Number is not { } number || EntryDate.Of(entry).Key is not { } date)
        {
            return;
        }

        var others = context.Workspace.CopiesOf(number).Where(c => c.DateKey is not null && c.DateKey != date).ToList();
        if (others.Count == 0)
        {
            return;
        }

        var listed = string.Join("; ", others.OrderBy(c => c.DateKey, StringComparer.Ordinal).ThenBy(c => c.Document, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).Take(3)
            .Select(c => $"\"{c.Title}\" dated {c.DateKey} in {System.IO.Path.GetFileName(c.Document)}"));
        diagnostics.Report(this, entry.NumberSpan!.Value, $"Entry number #{number} is also used by a different entry: {listed}.");
    }
}
