using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public enum Severity
{
    Off,
    Hint,
    Information,
    Warning,
    Error,
}

/// <summary>
/// A diagnostic rule, one class per rule in <c>Rules/</c>: a stable code, a kebab-case name usable in configuration, a
/// default severity, its documentation (the README table and <c>notes-lsp rule CODE</c> are generated from it) and its
/// check. The severity a user configures always wins: a rule reports findings, never severities.
/// </summary>
public abstract class Rule
{
    /// <summary>Stable code (<c>NL002</c>). Codes never change meaning; new rules get new codes.</summary>
    public abstract string Code { get; }

    /// <summary>Kebab-case name (<c>malformed-date</c>), accepted wherever a code is.</summary>
    public abstract string Name { get; }

    public abstract Severity DefaultSeverity { get; }

    /// <summary>One line: what the rule finds.</summary>
    public abstract string Summary { get; }

    /// <summary>Markdown: why it matters, an example that triggers it and the example written right.</summary>
    public abstract string Explanation { get; }

    /// <summary>The safety of the fix the rule offers, or null when it offers none.</summary>
    public virtual FixSafety? Fixable => null;

    /// <summary>The fixes for one of this rule's diagnostics; those that need the rest of the workspace override this.</summary>
    public virtual IEnumerable<Fix> FixesFor(NoteDiagnostic diagnostic, FixContext context) =>
        diagnostic.Fix is { } fix ? [fix] : [];

    public override string ToString() => Code;
}

/// <summary>A rule that looks at one entry, with the workspace index at hand when it needs it.</summary>
public abstract class EntryRule : Rule
{
    /// <summary>
    /// False when the result depends on the entry's own text alone: such results are kept as long as the entry object
    /// lives (the incremental parser reuses untouched entries). True when it reads the workspace index or whether the
    /// entry is glued to the previous text.
    /// </summary>
    public abstract bool ReadsContext { get; }

    /// <summary>Reports findings with spans relative to the entry.</summary>
    public abstract void Check(EntryContext context, DiagnosticBag diagnostics);
}

/// <summary>A rule about the part of a document before its first entry.</summary>
public abstract class PrologueRule : Rule
{
    public abstract void Check(PrologueSyntax prologue, DiagnosticBag diagnostics);
}

/// <summary>A rule about a file's bytes (encoding, line endings); checked when the file is read.</summary>
public abstract class FileRule : Rule
{
    public abstract void Check(FileBytes file, DiagnosticBag diagnostics);
}

/// <summary>What an <see cref="EntryRule"/> sees: the entry, whether it is glued to the previous text, and the workspace.</summary>
public readonly record struct EntryContext(EntrySyntax Entry, bool IsGlued, string DocumentKey, Workspace Workspace);

/// <summary>A file as read: its bytes, the decoded text, and what decoding found.</summary>
public sealed record FileBytes(byte[] Bytes, bool HasByteOrderMark, string Text, int? FirstInvalidByte);

/// <summary>Collects a rule's findings (severities are applied later, from the configuration).</summary>
public sealed class DiagnosticBag
{
    private readonly List<NoteDiagnostic> items = [];

    public IReadOnlyList<NoteDiagnostic> Items => items;

    public void Report(Rule rule, TextSpan span, string message, Fix? fix = null) =>
        items.Add(new NoteDiagnostic(rule, rule.DefaultSeverity, span, message, fix));

    internal void Clear() => items.Clear();
}
