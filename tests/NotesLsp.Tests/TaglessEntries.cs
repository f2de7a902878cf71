using System.Text;
using System.Text.Json;

namespace NotesLsp.Tests;

/// <summary>
/// Real dumps rewritten the way real collections write an entry whose only tag is the dump's own category: no tag
/// list, its <c>Issue Date:</c> glued after the previous entry's last text by a single space. Built in code from the
/// corpus and its truth files; tests/data stays as it is.
/// </summary>
public static class TaglessEntries
{
    /// <summary>
    /// <paramref name="text"/> with the tag lists of the entries at <paramref name="indexes"/> (into the truth's
    /// entries; the first entry, after the category line, is left alone) removed and their anchors glued, and the
    /// offset of each glued <c>Issue Date:</c> in the result.
    /// </summary>
    public static (string Text, IReadOnlyList<int> Anchors) Glue(string text, IReadOnlyList<JsonElement> truthEntries, IEnumerable<int> indexes)
    {
        var lineStarts = LineStarts(text);
        int Offset(JsonElement entry, string line, string column) =>
            lineStarts[entry.GetProperty(line).GetInt32() - 1] + entry.GetProperty(column).GetInt32();

        var result = new StringBuilder(text.Length);
        var anchors = new List<int>();
        var copied = 0;
        foreach (var i in indexes.Where(i => i > 0).Distinct().Order())
        {
            var previousEnd = Offset(truthEntries[i], "tag_line", "tag_col");
            while (previousEnd > copied && char.IsWhiteSpace(text[previousEnd - 1]))
            {
                previousEnd--;
            }

            result.Append(text, copied, previousEnd - copied).Append(' ');
            anchors.Add(result.Length);
            copied = Offset(truthEntries[i], "date_line", "date_col");
        }

        result.Append(text, copied, text.Length - copied);
        return (result.ToString(), anchors);
    }

    /// <summary>Every corpus dump with every entry but the first made tagless and glued.</summary>
    public static string AllGlued(string corpusPath)
    {
        using var truth = TestData.Truth(corpusPath);
        var entries = truth.RootElement.GetProperty("entries").EnumerateArray().ToList();
        return Glue(TestData.Read(corpusPath), entries, Enumerable.Range(1, entries.Count - 1)).Text;
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
