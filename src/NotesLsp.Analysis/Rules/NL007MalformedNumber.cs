namespace NotesLsp.Analysis;

public sealed class MalformedNumberRule : EntryRule
{
    public override string Code => "NL007";

    public override string Name => "malformed-number";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "an entry number after the date that is not `#` and digits (`#12a4`)";

    public override string Explanation => """
        The entry number after the date is what `・NNNN` references point at; anything but digits makes the entry
        unreachable.

        Bad:

            #NLP Issue Date: 2025-04-30 #25a5 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP Issue Date: 2025-04-30 #2555 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        if (entry.NumberSpan is { } span && entry.Number is null)
        {
            diagnostics.Report(this, span, $"Entry number `{entry.GetText(span)}` is malformed: write `#` followed by digits only (e.g. `#2555`).");
        }
    }
}
