using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// A finding of a rule. <see cref="Span"/> is absolute in its document (UTF-16 offsets) once it leaves the workspace;
/// <see cref="Severity"/> is the configured one.
/// </summary>
public sealed record NoteDiagnostic(Rule Rule, Severity Severity, TextSpan Span, string Message, Fix? Fix = null)
{
    public string Code => Rule.Code;

    public NoteDiagnostic Shift(int delta) => delta == 0 ? this : this with { Span = Span.Shift(delta), Fix = Fix?.Shift(delta) };
}

/// <summary>A diagnostic as an entry keeps it, relative to the entry's start, and where the entry starts now.</summary>
public readonly record struct PlacedDiagnostic(NoteDiagnostic Relative, int Start)
{
    public TextSpan Span => Relative.Span.Shift(Start);

    /// <summary>The diagnostic at its place in the document (a new object unless the entry starts at 0).</summary>
    public NoteDiagnostic Absolute => Relative.Shift(Start);
}
