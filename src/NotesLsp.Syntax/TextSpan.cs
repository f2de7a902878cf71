namespace NotesLsp.Syntax;

/// <summary>A half-open range of UTF-16 code units, [Start, End).</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static TextSpan FromBounds(int start, int end) => new(start, end - start);

    public bool Contains(int offset) => offset >= Start && offset < End;

    /// <summary>True when the offset lies inside the span or touches its end (a caret right after a token).</summary>
    public bool ContainsOrTouches(int offset) => offset >= Start && offset <= End;

    public TextSpan Shift(int delta) => new(Start + delta, Length);

    public override string ToString() => $"[{Start}..{End})";
}

/// <summary>A replacement of <see cref="Span"/> (in the old text) by <see cref="NewText"/>.</summary>
public readonly record struct TextChange(TextSpan Span, string NewText);
