using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class StrayTextRule : PrologueRule
{
    public override string Code => "NL013";

    public override string Name => "stray-text";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "text between the category line and the first entry";

    public override string Explanation => """
        A dump is its category title line, then entries. Text between them belongs to no entry: it is usually a
        note pasted in the wrong place.

        Bad:

            KnowledgeEditing
            some forgotten line
            #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            KnowledgeEditing

            #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override void Check(PrologueSyntax prologue, DiagnosticBag diagnostics)
    {
        foreach (var stray in prologue.StrayLines)
        {
            diagnostics.Report(this, stray, "Text before the first entry: only the category title may precede the entries.");
        }
    }
}
