namespace NotesLsp.Analysis;

public sealed class UnresolvedReferenceRule : EntryRule
{
    public override string Code => "NL011";

    public override string Name => "unresolved-reference";

    public override Severity DefaultSeverity => Severity.Information;

    public override string Summary => "`・NNNN` to a number no file defines (dumps are partial)";

    public override string Explanation => """
        `・NNNN` at the start of a comment line refers to entry NNNN, in this dump or another. A collection opened
        in part (a few dumps) has references into dumps that are not there, so this is information, not a
        warning. Digits glued to text that are counts (`・8個の回答`, `・2-stepは`) are not references.

        Flagged when no dump of the workspace has entry 4321:

            Comment関連:
            ・4321

        Resolved: open (or add to the workspace) the dump that lists `Issue Date: … #4321 …`.
        """;

    public override bool ReadsContext => true;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        foreach (var reference in context.Entry.References)
        {
            // A tentative reference (`・612Self-Refine`) is a reference only if entry 612 exists: never unresolved.
            if (!reference.Tentative && !context.Workspace.IsDefined(reference.Number))
            {
                diagnostics.Report(this, reference.Span, $"No entry #{reference.Number} in the workspace (it may live in a dump that is not open here).");
            }
        }
    }
}
