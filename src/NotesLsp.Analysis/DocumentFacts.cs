using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>What one document contributes to the cross-file index. Equal facts mean the index need not change.</summary>
public sealed class DocumentFacts : IEquatable<DocumentFacts>
{
    private DocumentFacts(List<(int, string)> numberedTitles, Dictionary<string, int> tags, HashSet<int> referenced)
    {
        NumberedTitles = numberedTitles;
        Tags = tags;
        ReferencedNumbers = referenced;
        Numbers = numberedTitles.Select(n => n.Item1).ToHashSet();
    }

    public IReadOnlyList<(int Number, string Title)> NumberedTitles { get; }

    public IReadOnlySet<int> Numbers { get; }

    /// <summary>Tag → number of entries in this document that carry it.</summary>
    public IReadOnlyDictionary<string, int> Tags { get; }

    public IReadOnlySet<int> ReferencedNumbers { get; }

    public static DocumentFacts Of(NoteDocument document)
    {
        var numbered = new List<(int, string)>();
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        var referenced = new HashSet<int>();
        foreach (var entry in document.Entries())
        {
            var e = entry.Syntax;
            if (e.Number is { } n)
            {
                numbered.Add((n, e.Title));
            }

            foreach (var tag in e.Tags.Select(t => t.Name).Distinct(StringComparer.Ordinal))
            {
                if (tag.Length > 0)
                {
                    tags[tag] = tags.GetValueOrDefault(tag) + 1;
                }
            }

            foreach (var r in e.References)
            {
                referenced.Add(r.Number);
            }
        }

        return new DocumentFacts(numbered, tags, referenced);
    }

    public bool Equals(DocumentFacts? other) =>
        other is not null
        && NumberedTitles.SequenceEqual(other.NumberedTitles)
        && Tags.Count == other.Tags.Count && Tags.All(t => other.Tags.TryGetValue(t.Key, out var n) && n == t.Value)
        && ReferencedNumbers.SetEquals(other.ReferencedNumbers);

    public override bool Equals(object? obj) => Equals(obj as DocumentFacts);

    public override int GetHashCode() => NumberedTitles.Count;
}
