namespace NotesLsp.Analysis;

public sealed class MissingSummaryRule : EntryRule
{
    public override string Code => "NL008";

    public override string Name => "missing-summary";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "an entry with no `Summary`";

    public override string Explanation => """
        `Summary` glued to its text ends the header; without it the header runs into the notes and the title is
        misread. (`Summary` followed by a blank, as in a title "A Summary of …", is part of the title.)

        Bad:

            #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 LLMの知識を…

        Good:

            #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 SummaryLLMの知識を…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.SummaryKeywordSpan is null)
        {
            var at = entry.HeaderSpan.Length > 0 ? entry.HeaderSpan : entry.IssueDateKeywordSpan;
            diagnostics.Report(this, at, "Entry has no `Summary`: write ` Summary` followed directly by the summary text after the header.");
        }
    }
}
