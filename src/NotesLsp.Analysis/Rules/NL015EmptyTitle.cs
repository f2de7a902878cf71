namespace NotesLsp.Analysis;

public sealed class EmptyTitleRule : EntryRule
{
    public override string Code => "NL015";

    public override string Name => "empty-title";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "nothing between the date and `Summary`";

    public override string Explanation => """
        The header after the date names the paper; an entry without one shows as "(untitled entry)" everywhere.

        Bad:

            #NLP Issue Date: 2025-04-30 SummaryLLMの知識を…

        Good:

            #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 SummaryLLMの知識を…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        if (context.Entry.HeaderSpan.Length == 0)
        {
            diagnostics.Report(this, context.Entry.IssueDateKeywordSpan, "Entry has no title after its date: write `Title, Author+, Venue'YY` after the date.");
        }
    }
}
