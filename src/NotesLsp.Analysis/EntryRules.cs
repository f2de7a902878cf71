using System.Globalization;
using System.Runtime.CompilerServices;
using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// Rules that look at one entry alone. Results use default severities and spans relative to the entry, so they
/// are cached per entry object: an entry the incremental parser reuses is never checked again.
/// </summary>
public static class EntryRules
{
    private static readonly ConditionalWeakTable<EntrySyntax, NoteDiagnostic[]> Cache = [];

    public static IReadOnlyList<NoteDiagnostic> Check(EntrySyntax entry) => Cache.GetValue(entry, e => [.. Compute(e)]);

    private static IEnumerable<NoteDiagnostic> Compute(EntrySyntax entry)
    {
        foreach (var d in CheckDate(entry))
        {
            yield return d;
        }

        if (entry.Tags.Count == 0)
        {
            yield return Make(Rules.MissingTags, entry.IssueDateKeywordSpan, "Entry has no tags: put a tag list such as `#NLP` before `Issue Date:`.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in entry.Tags)
        {
            if (tag.Name.Length == 0)
            {
                yield return Make(Rules.EmptyTag, tag.Span, "Empty tag: `#` is not followed by a tag name.");
            }
            else if (!seen.Add(tag.Name))
            {
                yield return Make(Rules.DuplicateTag, tag.Span, $"Tag `#{tag.Name}` appears more than once in this entry.");
            }
        }

        if (entry.NumberSpan is { } numberSpan && entry.Number is null)
        {
            yield return Make(Rules.MalformedNumber, numberSpan, $"Entry number `{entry.GetText(numberSpan)}` is malformed: write `#` followed by digits only (e.g. `#2555`).");
        }

        if (entry.HeaderSpan.Length == 0)
        {
            yield return Make(Rules.EmptyHeader, entry.IssueDateKeywordSpan, "Entry has no title after its date: write `Title, Author+, Venue'YY` after the date.");
        }
        else if (entry.AuthorSpan is null && entry.VenueSpan is null && entry.YearSpan is null)
        {
            yield return Make(Rules.HeaderStructure, entry.HeaderSpan, "Header has no author, venue or year after the title: expected `Title, Author+, Venue'YY[, YYYY.MM]`.");
        }

        if (entry.SummaryKeywordSpan is null)
        {
            var at = entry.HeaderSpan.Length > 0 ? entry.HeaderSpan : entry.IssueDateKeywordSpan;
            yield return Make(Rules.MissingSummary, at, "Entry has no `Summary`: write ` Summary` followed directly by the summary text after the header.");
        }
    }

    private static IEnumerable<NoteDiagnostic> CheckDate(EntrySyntax entry)
    {
        if (entry.DateSpan is not { } span)
        {
            yield return Make(Rules.MissingDate, entry.IssueDateKeywordSpan, "`Issue Date:` is not followed by a date: write it as YYYY-MM-DD.");
            yield break;
        }

        var text = entry.GetText(span);
        var parts = text.Split('-');
        var numeric = parts.Length == 3 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
        if (!numeric || parts[0].Length != 4 || parts[1].Length > 2 || parts[2].Length > 2)
        {
            yield return Make(Rules.MalformedDate, span, $"Date `{text}` is not written YYYY-MM-DD.");
            yield break;
        }

        var padded = $"{parts[0]}-{parts[1].PadLeft(2, '0')}-{parts[2].PadLeft(2, '0')}";
        if (padded != text)
        {
            yield return Make(Rules.MalformedDate, span, $"Date `{text}` is not zero-padded: write `{padded}`.", padded);
        }

        if (!DateOnly.TryParseExact(padded, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            var year = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var month = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var why = month is < 1 or > 12
                ? $"there is no month {month}"
                : $"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {year} has {DateTime.DaysInMonth(Math.Max(1, year), month)} days";
            yield return Make(Rules.ImpossibleDate, span, $"Date `{text}` does not exist: {why}.");
        }
    }

    internal static NoteDiagnostic Make(Rule rule, TextSpan span, string message, string? fix = null) =>
        new(rule, rule.DefaultSeverity, span, message, fix);
}
