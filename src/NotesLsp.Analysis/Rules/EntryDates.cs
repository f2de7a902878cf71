using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public enum DateForm
{
    Missing,

    /// <summary>Not three groups of digits <c>YYYY-M-D</c>.</summary>
    Malformed,

    /// <summary><c>YYYY-M-D</c> with a one-digit month or day.</summary>
    Unpadded,

    /// <summary><c>YYYY-MM-DD</c>.</summary>
    WellFormed,
}

/// <summary>An entry's date as written: its form, and the zero-padded spelling when it has digits in the right places.</summary>
public readonly record struct EntryDate(DateForm Form, string? Text, string? Padded, int Year, int Month, int Day)
{
    public bool IsCalendarDate => Padded is not null && Year >= 1 && Month is >= 1 and <= 12 && Day >= 1 && Day <= DateTime.DaysInMonth(Year, Month);

    /// <summary>The date as <c>YYYY-MM-DD</c> when it names a calendar day (padding forgiven), else null: what copies are compared by.</summary>
    public string? Key => IsCalendarDate ? Padded : null;

    public static EntryDate Of(EntrySyntax entry)
    {
        if (entry.DateSpan is not { } span)
        {
            return new EntryDate(DateForm.Missing, null, null, 0, 0, 0);
        }

        // Read from the span without splitting: every rule about dates and every index update asks for it.
        var text = entry.Text.Span.Slice(span.Start, span.Length);
        var first = text.IndexOf('-');
        var second = first < 0 ? -1 : text[(first + 1)..].IndexOf('-');
        if (first != 4 || second is < 1 or > 2 || !AllDigits(text[..4]) || !AllDigits(text.Slice(5, second)))
        {
            return new EntryDate(DateForm.Malformed, text.ToString(), null, 0, 0, 0);
        }

        var dayPart = text[(5 + second + 1)..];
        if (dayPart.Length is < 1 or > 2 || !AllDigits(dayPart))
        {
            return new EntryDate(DateForm.Malformed, text.ToString(), null, 0, 0, 0);
        }

        var year = Number(text[..4]);
        var month = Number(text.Slice(5, second));
        var day = Number(dayPart);
        var wellFormed = second == 2 && dayPart.Length == 2;
        var written = text.ToString();
        var padded = wellFormed ? written : $"{year:D4}-{month:D2}-{day:D2}";
        return new EntryDate(wellFormed ? DateForm.WellFormed : DateForm.Unpadded, written, padded, year, month, day);
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }
}
