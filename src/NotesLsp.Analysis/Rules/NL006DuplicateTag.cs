using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

public sealed class DuplicateTagRule : EntryRule
{
    public override string Code => "NL006";

    public override string Name => "duplicate-tag";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "the same tag twice in one entry (safe fix: remove the second)";

    public override string Explanation => """
        A tag counts once per entry; a second copy is noise and skews tag counts. The fix removes the second
        occurrence and the blank before it.

        Bad:

            #NLP #ICLR #NLP Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP #ICLR Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override FixSafety? Fixable => FixSafety.Safe;

    public override bool ReadsContext => false;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var entry = context.Entry;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in entry.Tags)
        {
            if (tag.Name.Length > 0 && !seen.Add(tag.Name))
            {
                var blank = tag.Span.Start > 0 && entry.Text.Span[tag.Span.Start - 1] is ' ' or '\t' ? 1 : 0;
                var removal = TextSpan.FromBounds(tag.Span.Start - blank, tag.Span.End);
                diagnostics.Report(this, tag.Span, $"Tag `#{tag.Name}` appears more than once in this entry.", Fix.Replace($"Remove the second `#{tag.Name}`", FixSafety.Safe, removal, string.Empty));
            }
        }
    }
}
