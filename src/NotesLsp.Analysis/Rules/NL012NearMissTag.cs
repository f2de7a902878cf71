namespace NotesLsp.Analysis;

public sealed class NearMissTagRule : EntryRule
{
    public override string Code => "NL012";

    public override string Name => "near-miss-tag";

    public override Severity DefaultSeverity => Severity.Warning;

    public override string Summary => "a tag used ≤ 2 times, one typo from a tag used ≥ 3× as often (`#LanguageModle`); acronyms under 6 letters only match on case/space/hyphen slips, and tags that differ in their digits (`#3D`/`#4D`, `#GPT-4`/`#GPT-5`) are different things (unsafe fix: use the frequent tag)";

    public override string Explanation => """
        A tag used once or twice that is one edit away from a tag many entries use is almost always a typo, and it
        splits the entries of one topic in two. Counts are of entries (the copies of an entry in several dumps
        count once). Only names of 6 or more characters are compared by edits (two edits from 10 characters);
        shorter ones, mostly acronyms, only by case, spaces and hyphens, so `#TACL` is not `#ACL`. Names whose
        digits differ name different things and are never near-misses. The fix is unsafe: a person decides.

        Bad (when `#LanguageModel` is used by many entries):

            #NLP #LanguageModle Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…

        Good:

            #NLP #LanguageModel Issue Date: 2025-04-30 AlphaEdit, Junfeng Fang+, ICLR'25 Summary…
        """;

    public override FixSafety? Fixable => FixSafety.Unsafe;

    public override bool ReadsContext => true;

    public override void Check(EntryContext context, DiagnosticBag diagnostics)
    {
        var workspace = context.Workspace;
        foreach (var tag in context.Entry.Tags)
        {
            if (tag.Name.Length > 0 && workspace.NearMissOf(tag.Name) is { } target)
            {
                var counts = workspace.TagCounts;
                diagnostics.Report(
                    this,
                    tag.Span,
                    $"Tag `#{tag.Name}` is used by {Entries(counts.GetValueOrDefault(tag.Name))}; did you mean `#{target}` (used by {Entries(counts[target])})?",
                    Fix.Replace($"Replace with `#{target}`", FixSafety.Unsafe, tag.Span, "#" + target));
            }
        }
    }

    /// <summary>Maps each rare tag to the frequent tag it is probably a typo of.</summary>
    public static Dictionary<string, string> Compute(IReadOnlyDictionary<string, int> counts)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var frequent = counts.Where(c => c.Value >= 3).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        foreach (var (tag, count) in counts)
        {
            if (count > 2 || tag.Length < 4)
            {
                continue;
            }

            foreach (var (candidate, candidateCount) in frequent)
            {
                if (candidate == tag || candidateCount < 3 * count || !SameDigits(tag, candidate))
                {
                    continue;
                }

                // Short tags are mostly acronyms (#TACL is not a typo of #ACL): only case, space and hyphen slips count there.
                var shortest = Math.Min(tag.Length, candidate.Length);
                var budget = shortest >= 10 ? 2 : shortest >= 6 ? 1 : 0;
                if (Normalise(tag) == Normalise(candidate) || (budget > 0 && Distance(tag, candidate, budget) <= budget))
                {
                    result[tag] = candidate;
                    break;
                }
            }
        }

        return result;
    }

    private static string Entries(int count) => count == 1 ? "1 entry" : $"{count} entries";

    /// <summary>Digits name versions and dimensions (2D/3D, GPT-4/GPT-5, Llama3/Llama4): tags whose digits differ are different things.</summary>
    private static bool SameDigits(string a, string b) => a.Where(char.IsAsciiDigit).SequenceEqual(b.Where(char.IsAsciiDigit));

    private static string Normalise(string tag) => tag.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Optimal-string-alignment distance, giving up (returning budget + 1) once it must exceed the budget.</summary>
    internal static int Distance(string a, string b, int budget)
    {
        if (Math.Abs(a.Length - b.Length) > budget)
        {
            return budget + 1;
        }

        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > budget)
            {
                return budget + 1;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }
}
