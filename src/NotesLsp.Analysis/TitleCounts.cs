namespace NotesLsp.Analysis;

/// <summary>
/// How many entries carry each title under one entry number. Nearly every number has a single title (the same entry
/// listed in several dumps), so that case holds no dictionary: one per number cost ~250 bytes × every entry.
/// </summary>
internal sealed class TitleCounts
{
    private string? single;
    private int singleCount;
    private Dictionary<string, int>? many;

    public int Count => many?.Count ?? (single is null ? 0 : 1);

    public IEnumerable<string> Titles => many is not null ? many.Keys : single is null ? [] : [single];

    /// <summary>Adds <paramref name="change"/> to the title's count; titles whose count reaches zero are dropped.</summary>
    public void Add(string title, int change)
    {
        if (many is null && (single is null || single == title))
        {
            singleCount += change;
            single = singleCount > 0 ? title : null;
            singleCount = Math.Max(singleCount, 0);
            return;
        }

        if (many is null)
        {
            many = new Dictionary<string, int>(StringComparer.Ordinal) { [single!] = singleCount };
            single = null;
            singleCount = 0;
        }

        var count = many.GetValueOrDefault(title) + change;
        if (count > 0)
        {
            many[title] = count;
        }
        else
        {
            many.Remove(title);
        }

        if (many.Count == 1)
        {
            (single, singleCount) = many.Single();
            many = null;
        }
        else if (many.Count == 0)
        {
            many = null;
        }
    }
}
