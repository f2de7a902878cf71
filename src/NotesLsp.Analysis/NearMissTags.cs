namespace NotesLsp.Analysis;

/// <summary>
/// Finds rare tags that are a typo away from a frequent one (<c>#LanguageModle</c> → <c>#LanguageModel</c>):
/// the rare tag is used at most twice, the frequent one at least three times as often and at least 3 times,
/// and they differ by one edit (names of 6+ characters; two edits for 10+), or only by case, spaces or hyphens.
/// </summary>
public static class NearMissTags
{
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
                if (candidate == tag || candidateCount < 3 * count)
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
