namespace NotesLsp.Analysis;

public sealed class HeaderStructureRule : EntryRule
{
    public override string Code => "NL009";

    public override string Name => "header-structure";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "a header with no author, venue or year after the title";

    public override string Explanation => """
        A header is `Title, FirstAuthor+, Venue'YY[, YYYY.MM]`. Without the parts after the title, the entry
        cannot be told apart from another paper with the same title.

        Bad:

            #NLP Issue Date: 2025-04-30 AlphaEdit: Null-Space Constrained Knowledge Editing Summary…

        Good:

            #NLP Issue Date: 2025-04-30 AlphaEdit: Null-Space Constrained Knowledge Editing, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.HeaderSpan.Length > 0 && entry.AuthorSpan is null && entry.VenueSpan is null && entry.YearSpan is null)
        {
            diagnostics.Report(this, entry.HeaderSpan, "Header has no author, venue or year after the title: expected `Title, Author+, Venue'YY[, YYYY.MM]`.");
        }
    }
}
