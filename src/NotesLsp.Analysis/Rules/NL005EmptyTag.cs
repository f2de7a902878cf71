namespace NotesLsp.Analysis;

public sealed class EmptyTagRule : EntryRule
{
    public override string Code => "NL005";

    public override string Name => "empty-tag";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "a lone `#` in a tag list";

    public override string Explanation => """
        A `#` followed by a blank names no tag; it is usually a tag whose name was deleted.

        Bad:

            #NLP # #LanguageModel Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP #LanguageModel Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        foreach (var tag in context.Entry.Tags)
        {
            if (tag.Name.Length == 0)
            {
                diagnostics.Report(this, tag.Span, "Empty tag: `#` is not followed by a tag name.");
            }
        }
    }
}
