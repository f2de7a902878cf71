using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>One copy of an entry in a dump of the collection: the tags it is written with (the dump's own left out).</summary>
public sealed record CollectionCopy(string Dump, int Number, IReadOnlyList<string> Tags);

/// <summary>
/// A collection shaped like the real ones, built from real dumps: one dump per tag, every entry copied into the dump
/// of each tag it carries with that tag left out of the copy's tag list, and an entry whose only tag is the dump's
/// category written without a tag list, its <c>Issue Date:</c> glued after the previous entry's text.
/// </summary>
public sealed class RealCollection
{
    private RealCollection(IReadOnlyDictionary<string, string> dumps, IReadOnlyList<CollectionCopy> copies)
    {
        Dumps = dumps;
        Copies = copies;
    }

    /// <summary>Dump name (<c>Tag.notes</c>) to its text.</summary>
    public IReadOnlyDictionary<string, string> Dumps { get; }

    /// <summary>Every copy, in the order the dumps hold them.</summary>
    public IReadOnlyList<CollectionCopy> Copies { get; }

    /// <summary>
    /// Builds the collection from real dumps. An entry's tags are its tag list plus its dump's category (the dumps
    /// leave it out); the first dump that holds a number gives the entry its text. Every
    /// <paramref name="taglessEvery"/>th entry keeps only its first dump's category, so that dump holds it without a tag list.
    /// </summary>
    public static RealCollection FromDumps(IEnumerable<string> paths, int taglessEvery = 7)
    {
        var seen = 0;
        var tagless = new HashSet<int>();
        var entries = new SortedDictionary<int, (SortedSet<string> Tags, string Body)>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var path in paths)
        {
            var document = NoteDocument.Parse(File.ReadAllText(path));
            var category = document.GetLineText(0).Trim();
            foreach (var entry in document.Entries())
            {
                if (entry.Syntax.Number is not { } number)
                {
                    continue;
                }

                var body = entry.Syntax.Text.Span[entry.Syntax.AnchorOffset..].ToString().TrimEnd('\n', '\r', ' ');
                if (!entries.TryGetValue(number, out var known))
                {
                    known = (new SortedSet<string>(StringComparer.Ordinal) { category }, body);
                    entries[number] = known;
                    if (++seen % taglessEvery == 0)
                    {
                        tagless.Add(number);
                    }
                }

                if (tagless.Contains(number))
                {
                    continue;
                }

                known.Tags.Add(category);
                known.Tags.UnionWith(entry.Syntax.Tags.Select(t => t.Name));
            }
        }

        var byTag = new SortedDictionary<string, StringBuilder>(StringComparer.Ordinal);
        var copies = new List<CollectionCopy>();
        foreach (var tag in entries.Values.SelectMany(e => e.Tags).Distinct().Order(StringComparer.Ordinal))
        {
            var dump = FileNameFor(tag);
            var text = new StringBuilder(tag).Append("\n\n");
            var first = true;
            foreach (var (number, (tags, body)) in entries.Where(e => e.Value.Tags.Contains(tag)))
            {
                var own = tags.Where(t => t != tag).ToList();
                if (own.Count > 0)
                {
                    text.Append(string.Join(' ', own.Select(t => "#" + t))).Append('\n');
                }
                else if (!first)
                {
                    text.Length--; // the previous entry's line break: this entry's anchor follows its text
                    text.Append(' ');
                }

                text.Append(body).Append('\n');
                copies.Add(new CollectionCopy(dump, number, own));
                first = false;
            }

            if (!byTag.TryAdd(dump, text))
            {
                throw new InvalidOperationException($"two tags are written to {dump}");
            }
        }

        return new RealCollection(byTag.ToDictionary(d => d.Key, d => d.Value.ToString(), StringComparer.Ordinal), copies);
    }

    public static string FileNameFor(string tag) => new string([.. tag.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_')]) + ".notes";
}
