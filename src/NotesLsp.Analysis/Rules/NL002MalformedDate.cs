namespace NotesLsp.Analysis;

public sealed class MalformedDateRule : EntryRule
{
    public override string Code => "NL002";

    public override string Name => "malformed-date";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "a date not written `YYYY-MM-DD` (safe fix for missing zero-padding: `2025-8-6` → `2025-08-06`)";

    public override string Explanation => """
        Dates are written `YYYY-MM-DD`, zero-padded, so that they sort as text and compare equal across copies.
        A date that only lacks its padding is fixed by `notes-lsp check --fix` and by the editor's quick fix.

        Bad:

            #NLP Issue Date: 2025-8-6 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
            #NLP Issue Date: 2025/08/06 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP Issue Date: 2025-08-06 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override FixSafety? Fixable => FixSafety.Safe;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.DateSpan is not { } span)
        {
            return;
        }

        var date = EntryDate.Of(entry);
        if (date.Form == DateForm.Malformed)
        {
            diagnostics.Report(this, span, $"Date `{date.Text}` is not written YYYY-MM-DD.");
        }
        else if (date.Form == DateForm.Unpadded)
        {
            diagnostics.Report(this, span, $"Date `{date.Text}` is not zero-padded: write `{date.Padded}`.", Fix.Replace($"Write the date as {date.Padded}", FixSafety.Safe, span, date.Padded!));
        }
    }
}
