using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// What one document holds, as counts: its entry numbers, the tags written in its tag lists and the numbers it
/// refers to. The workspace walks only the documents whose facts say they hold what a query looks for.
/// </summary>
public sealed class DocumentFacts
{
    internal Dictionary<int, int> Numbers { get; } = [];

    internal Dictionary<string, int> Tags { get; } = new(StringComparer.Ordinal);

    internal Dictionary<int, int> Referenced { get; } = [];

    /// <summary>Entries without a number: they have no copies to be matched with.</summary>
    public int Unnumbered { get; internal set; }

    public bool Defines(int number) => Numbers.ContainsKey(number);

    public bool Mentions(string tag) => Tags.ContainsKey(tag);

    public bool Refers(int number) => Referenced.ContainsKey(number);

    internal void Apply(FactsDelta delta)
    {
        foreach (var ((number, _, _, _), change) in delta.Copies)
        {
            Bump(Numbers, number, change);
        }

        foreach (var (tag, change) in delta.ExplicitTags)
        {
            Bump(Tags, tag, change);
        }

        foreach (var (number, change) in delta.Referenced)
        {
            Bump(Referenced, number, change);
        }

        Unnumbered += delta.Unnumbered;
    }

    internal static void Bump<TKey>(Dictionary<TKey, int> counts, TKey key, int change)
        where TKey : notnull
    {
        var value = counts.GetValueOrDefault(key) + change;
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

/// <summary>A net change of facts: entries removed count −1, entries added +1, and changes that cancel disappear.</summary>
internal sealed class FactsDelta
{
    public Dictionary<(int Number, string? DateKey, long Hash, string Title), int> Copies { get; } = [];

    /// <summary>Effective tags (tag list and category) of numbered entries, per number.</summary>
    public Dictionary<(int Number, string Tag), int> NumberTags { get; } = [];

    /// <summary>Effective tags of entries without a number.</summary>
    public Dictionary<string, int> UnnumberedTags { get; } = new(StringComparer.Ordinal);

    /// <summary>Tags as written in tag lists (what renaming and finding occurrences walk).</summary>
    public Dictionary<string, int> ExplicitTags { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, int> Referenced { get; } = [];

    public int Unnumbered { get; private set; }

    public bool IsEmpty => Copies.Count == 0 && NumberTags.Count == 0 && UnnumberedTags.Count == 0 && ExplicitTags.Count == 0 && Referenced.Count == 0 && Unnumbered == 0;

    public void Add(EntryFacts facts, int sign)
    {
        if (facts.Number is { } n)
        {
            DocumentFacts.Bump(Copies, (n, facts.DateKey, facts.ContentHash, facts.Title), sign);
            foreach (var tag in facts.EffectiveTags)
            {
                DocumentFacts.Bump(NumberTags, (n, tag), sign);
            }
        }
        else
        {
            Unnumbered += sign;
            foreach (var tag in facts.EffectiveTags)
            {
                DocumentFacts.Bump(UnnumberedTags, tag, sign);
            }
        }

        foreach (var tag in facts.ExplicitTags)
        {
            DocumentFacts.Bump(ExplicitTags, tag, sign);
        }

        foreach (var r in facts.Referenced)
        {
            DocumentFacts.Bump(Referenced, r, sign);
        }
    }

    public void AddAll(NoteDocument document, IEnumerable<Block> blocks, int sign)
    {
        var category = EntryFacts.CategoryOf(document);
        foreach (var block in blocks)
        {
            if (block is EntrySyntax entry)
            {
                Add(EntryFacts.For(entry, category), sign);
            }
        }
    }
}
