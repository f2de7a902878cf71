namespace NotesLsp.Analysis;

/// <summary>One copy (or several identical ones) of a numbered entry in one document.</summary>
public readonly record struct CopyFact(string Document, string? DateKey, long ContentHash, string Title, int Count);

/// <summary>
/// Every copy of one entry number in the workspace, as counts, and the tags those copies carry. A collection keeps
/// each entry in the dump of every tag it has (about 8 copies), so this is what makes copies one entry: tag counts
/// count entries, not copies, and the rules compare copies by date and content. Small arrays, not dictionaries: a
/// number rarely has more than a dozen copies.
/// </summary>
internal sealed class EntryCopies
{
    private CopyFact[] copies = [];
    private (string Tag, int Copies)[] tags = [];

    /// <summary>Changes whenever a copy of this number is added, removed or edited.</summary>
    public long Version { get; set; }

    public IReadOnlyList<CopyFact> Copies => copies;

    public bool IsEmpty => copies.Length == 0;

    public void AddCopy(string document, string? dateKey, long hash, string title, int change)
    {
        for (var i = 0; i < copies.Length; i++)
        {
            var c = copies[i];
            if (c.ContentHash == hash && c.DateKey == dateKey && c.Title == title && string.Equals(c.Document, document, StringComparison.Ordinal))
            {
                var count = c.Count + change;
                if (count > 0)
                {
                    copies[i] = c with { Count = count };
                }
                else
                {
                    copies = Remove(copies, i);
                }

                return;
            }
        }

        if (change > 0)
        {
            // Copies of one entry mostly share their title: keep one string for all of them.
            var shared = copies.FirstOrDefault(c => c.Title == title).Title ?? title;
            copies = [.. copies, new CopyFact(document, dateKey, hash, shared, change)];
        }
    }

    /// <summary>Adds to the number of copies listing <paramref name="tag"/>; returns +1 or -1 when the entry gains or loses the tag.</summary>
    public int AddTag(string tag, int change)
    {
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i].Tag == tag)
            {
                var count = tags[i].Copies + change;
                if (count > 0)
                {
                    tags[i] = (tag, count);
                    return 0;
                }

                tags = Remove(tags, i);
                return -1;
            }
        }

        if (change <= 0)
        {
            return 0;
        }

        tags = [.. tags, (tag, change)];
        return 1;
    }

    public bool HasTag(string tag) => tags.Any(t => t.Tag == tag);

    public IEnumerable<string> Tags => tags.Select(t => t.Tag);

    private static T[] Remove<T>(T[] array, int index) => [.. array[..index], .. array[(index + 1)..]];
}
