using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// A finding of a rule. <see cref="Span"/> is absolute in its document (UTF-16 offsets). <see cref="Fix"/> is
/// the replacement text for <see cref="Span"/> when the rule has an obvious fix.
/// </summary>
public sealed record NoteDiagnostic(Rule Rule, Severity Severity, TextSpan Span, string Message, string? Fix = null)
{
    public string Code => Rule.Code;

    public NoteDiagnostic Shift(int delta) => this with { Span = Span.Shift(delta) };
}
