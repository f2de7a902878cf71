namespace NotesLsp.Analysis;

public sealed class MissingTagsRule : EntryRule
{
    public override string Code => "NL004";

    public override string Name => "missing-tags";

    public override Severity DefaultSeverity => Severity.Hint;

    public override string Summary => "an entry without a tag list (a hint: in a category dump, an entry whose only tag is the category has none)";

    public override string Explanation => """
        Dumps leave out their own category's tag, so an entry whose only tag is the dump's category has no tag
        list at all, and its `Issue Date:` may follow the previous entry's text on the same line. That is valid,
        so this is a hint by default; raise it where every entry must carry a tag of its own.

        Flagged:

            …を示した。 Issue Date: 2026-04-17 #5301 Some Title, A. Author+, arXiv'24 Summary…

        With a tag list:

            …を示した。 #NLP Issue Date: 2026-04-17 #5301 Some Title, A. Author+, arXiv'24 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        if (context.Entry.Tags.Count == 0)
        {
            diagnostics.Report(this, context.Entry.IssueDateKeywordSpan, "Entry has no tag list: only the dump's own category applies to it.");
        }
    }
}
