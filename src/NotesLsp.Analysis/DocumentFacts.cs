using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// What one document contributes to the cross-file index, as counts: entry numbers with their titles, tags
/// (per entry carrying them) and referenced numbers. Counts let an edit be applied as a delta of the entries
/// it replaced, instead of recomputing the document.
/// </summary>
public sealed class DocumentFacts
{
    internal Dictionary<(int Number, string Title), int> NumberedTitles { get; } = [];

    internal Dictionary<int, int> Numbers { get; } = [];

    internal Dictionary<string, int> Tags { get; } = new(StringComparer.Ordinal);

    internal Dictionary<int, int> Referenced { get; } = [];

    public bool Defines(int number) => Numbers.ContainsKey(number);

    public bool Mentions(string tag) => Tags.ContainsKey(tag);

    public bool Refers(int number) => Referenced.ContainsKey(number);

    /// <summary>
    /// Computed when needed rather than kept: an edit asks only for the few entries it replaced, and keeping them for
    /// every entry cost ~2.5 MB on a 10 MB dump.
    /// </summary>
    internal static EntryFacts For(EntrySyntax entry) => new(
        entry.Number,
        entry.Number is null ? string.Empty : entry.Title,
        [.. entry.Tags.Select(t => t.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)],
        [.. entry.References.Select(r => r.Number).Distinct()]);

    internal void Apply(FactsDelta delta)
    {
        Merge(NumberedTitles, delta.NumberedTitles);
        Merge(Numbers, delta.NumberedTitles.Select(kv => new KeyValuePair<int, int>(kv.Key.Number, kv.Value)));
        Merge(Tags, delta.Tags);
        Merge(Referenced, delta.Referenced);
    }

    internal FactsDelta Negated()
    {
        var delta = new FactsDelta();
        foreach (var (k, v) in NumberedTitles)
        {
            delta.NumberedTitles[k] = -v;
        }

        foreach (var (k, v) in Tags)
        {
            delta.Tags[k] = -v;
        }

        foreach (var (k, v) in Referenced)
        {
            delta.Referenced[k] = -v;
        }

        return delta;
    }

    private static void Merge<TKey>(Dictionary<TKey, int> into, IEnumerable<KeyValuePair<TKey, int>> changes)
        where TKey : notnull
    {
        foreach (var (key, change) in changes)
        {
            var count = into.GetValueOrDefault(key) + change;
            if (count > 0)
            {
                into[key] = count;
            }
            else
            {
                into.Remove(key);
            }
        }
    }
}

internal sealed record EntryFacts(int? Number, string Title, string[] Tags, int[] Referenced);

/// <summary>A net change of facts: entries removed count −1, entries added +1, and changes that cancel disappear.</summary>
internal sealed class FactsDelta
{
    public Dictionary<(int Number, string Title), int> NumberedTitles { get; } = [];

    public Dictionary<string, int> Tags { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, int> Referenced { get; } = [];

    public bool IsEmpty => NumberedTitles.Count == 0 && Tags.Count == 0 && Referenced.Count == 0;

    public void Add(EntryFacts facts, int sign)
    {
        if (facts.Number is { } n)
        {
            Bump(NumberedTitles, (n, facts.Title), sign);
        }

        foreach (var tag in facts.Tags)
        {
            Bump(Tags, tag, sign);
        }

        foreach (var r in facts.Referenced)
        {
            Bump(Referenced, r, sign);
        }
    }

    private static void Bump<TKey>(Dictionary<TKey, int> counts, TKey key, int sign)
        where TKey : notnull
    {
        var value = counts.GetValueOrDefault(key) + sign;
        if (value == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = value;
        }
    }
}
