using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// How much a fix can be trusted without a person looking, as ruff grades them: <c>check --fix</c> applies safe fixes,
/// <c>--unsafe-fixes</c> adds the others; the editor offers both.
/// </summary>
public enum FixSafety
{
    Safe,
    Unsafe,
}

/// <summary>One replacement of a fix. <see cref="Document"/> is null for the diagnostic's own document.</summary>
public readonly record struct FixEdit(string? Document, TextChange Change);

/// <summary>
/// A change a rule proposes. Edits in the diagnostic's own document use the same offsets as the diagnostic's span
/// (and move with it); edits in other documents use that document's offsets.
/// </summary>
public sealed record Fix(string Title, FixSafety Safety, IReadOnlyList<FixEdit> Edits)
{
    public static Fix Replace(string title, FixSafety safety, TextSpan span, string newText) =>
        new(title, safety, [new FixEdit(null, new TextChange(span, newText))]);

    public Fix Shift(int delta) =>
        delta == 0 ? this : this with { Edits = [.. Edits.Select(e => e.Document is null ? e with { Change = e.Change with { Span = e.Change.Span.Shift(delta) } } : e)] };
}

/// <summary>What a rule may read when it computes the fixes of one diagnostic.</summary>
public readonly record struct FixContext(Workspace Workspace, string DocumentKey, NoteDocument Document);
