using System.Globalization;

namespace NotesLsp.Analysis;

public sealed class ImpossibleDateRule : EntryRule
{
    public override string Code => "NL003";

    public override string Name => "impossible-date";

    public override Severity DefaultSeverity => Severity.Error;

    public override string Summary => "a date that is not in the calendar (`2025-02-30`)";

    public override string Explanation => """
        A date written in the right form can still name a day that does not exist, usually a typo in the month or
        the day.

        Bad:

            #NLP Issue Date: 2025-02-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP Issue Date: 2025-02-28 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var date = EntryDate.Of(context.Entry);
        if (date.Form is not (DateForm.WellFormed or DateForm.Unpadded) || date.IsCalendarDate)
        {
            return;
        }

        var why = date.Month is < 1 or > 12
            ? $"there is no month {date.Month}"
            : $"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(date.Month)} {date.Year} has {DateTime.DaysInMonth(Math.Max(1, date.Year), date.Month)} days";
        diagnostics.Report(this, context.Entry.DateSpan!.Value, $"Date `{date.Text}` does not exist: {why}.");
    }
}
