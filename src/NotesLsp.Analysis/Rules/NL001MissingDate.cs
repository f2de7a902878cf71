namespace NotesLsp.Analysis;

public sealed class MissingDateRule : EntryRule
{
    public override string Code => "NL001";

    public override string Name => "missing-date";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "`Issue Date:` with no date after it";

    public override string Explanation => """
        An entry is anchored by `Issue Date:` and dated by what follows it. Without a date the entry cannot be
        sorted, and copies of it in other dumps cannot be recognised as the same entry.

        Bad:

            #NLP Issue Date: #2555 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP Issue Date: 2025-04-30 #2555 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        if (context.Entry.DateSpan is null)
        {
            diagnostics.Report(this, context.Entry.IssueDateKeywordSpan, "`Issue Date:` is not followed by a date: write it as YYYY-MM-DD.");
        }
    }
}
