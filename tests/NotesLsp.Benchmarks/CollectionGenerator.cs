using System.Globalization;
using System.Text;
using System.Text.Json;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>One distinct entry of the corpus with its full tag set (the truth file's <c>xml_tags</c>) and the spans the generator rewrites, relative to <see cref="Body"/>.</summary>
internal sealed record CollectionSource(int Number, string Date, string Body, TextSpan NumberSpan, IReadOnlyList<(TextSpan Digits, int Target)> References, TextSpan Title, bool HasComment, IReadOnlyList<string> Tags);

/// <summary>What <see cref="CollectionGenerator.Write"/> produced.</summary>
public sealed record CollectionInfo(string Directory, int Dumps, int Copies, int Entries, int Clones, long Bytes, int Tagless, int Drifted, string PopularTag, int PopularTagUses);

/// <summary>
/// The shape of a real collection: one dump per tag, each entry copied into the dump of every tag it carries with
/// that dump's own tag left out of the copy's tag list. An entry whose only tag is the dump's category has no tag
/// list there, so its <c>Issue Date:</c> is glued mid-line after the previous entry's text. Dumps are regenerated at
/// different times, so some copies drift (the title gained or lost its <c>[Paper Note] </c> prefix, the comment
/// grew): copies share number and date, so the index still treats them as one entry. The corpus's 197 distinct
/// entries (179 tags) are cloned with shifted numbers (clone k adds k × 10,000 to every number and to every
/// reference to a corpus entry) until the size is reached. Deterministic for a seed: every choice is drawn from a
/// <see cref="SplitMix64"/> seeded by the clone and the entry, never from iteration order.
/// </summary>
public sealed class CollectionGenerator
{
    public const ulong DefaultSeed = 20260417;

    /// <summary>Clone k's numbers are the corpus numbers + k × this.</summary>
    public const int NumberShift = 10_000;

    private const string PaperNote = "[Paper Note] ";

    private static readonly string[] Growth =
    [
        "追記: 再読したところ、評価設定の違いに注意が必要と感じた。",
        "追記: 公式実装が公開された。",
        "追記: 後続研究でも同様の傾向が報告されている。",
        "追記: カンファレンス版では実験が追加されている。",
    ];

    private static readonly Lazy<IReadOnlyList<CollectionSource>> DefaultSources = new(() => LoadCorpus(BenchPaths.CorpusDir));

    private readonly IReadOnlyList<CollectionSource> sources;
    private readonly ulong seed;

    public CollectionGenerator(ulong seed = DefaultSeed)
        : this(DefaultSources.Value, seed)
    {
    }

    internal CollectionGenerator(IReadOnlyList<CollectionSource> sources, ulong seed)
    {
        if (sources.Count == 0)
        {
            throw new InvalidOperationException("the corpus has no entries");
        }

        this.sources = sources;
        this.seed = seed;
    }

    /// <summary>Chance that an entry (in a clone) keeps only one of its tags, so that dump lists it without a tag list.</summary>
    public double TaglessChance { get; init; } = 0.04;

    /// <summary>Chance that a copy reads differently from the entry's other copies.</summary>
    public double DriftChance { get; init; } = 0.03;

    /// <summary>Chance that an entry starts on its own line instead of glued after the previous entry's text.</summary>
    public double OwnLineChance { get; init; } = 0.15;

    /// <summary>Chance that a tag list is on the line before <c>Issue Date:</c> instead of on the same line.</summary>
    public double TagsOnOwnLineChance { get; init; } = 0.3;

    /// <summary>The folder name of the collection of that size under a data folder.</summary>
    public static string DirectoryName(double megabytes, ulong seed = DefaultSeed) =>
        string.Create(CultureInfo.InvariantCulture, $"collection-{megabytes:0.###}MB-seed{seed}");

    /// <summary>
    /// Writes the collection of about <paramref name="targetBytes"/> UTF-8 bytes into <paramref name="directory"/>
    /// (emptied first): one <c>.notes</c> dump per tag, named after the tag.
    /// </summary>
    public CollectionInfo Write(string directory, long targetBytes)
    {
        var dumps = Build(targetBytes, out var clones);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        long bytes = 0;
        var copies = 0;
        var tagless = 0;
        var drifted = 0;
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var tagUses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (tag, dump) in dumps)
        {
            var name = FileName(tag);
            for (var i = 2; !usedNames.Add(name); i++)
            {
                name = FileName(tag) + "-" + i.ToString(CultureInfo.InvariantCulture);
            }

            var text = Render(tag, dump, out var dumpTagless);
            tagless += dumpTagless;
            copies += dump.Count;
            drifted += dump.Count(c => c.Drift != Drift.None);
            foreach (var c in dump)
            {
                foreach (var t in c.Tags)
                {
                    if (t != tag)
                    {
                        tagUses[t] = tagUses.GetValueOrDefault(t) + 1;
                    }
                }
            }

            var utf8 = new UTF8Encoding(false).GetBytes(text);
            bytes += utf8.Length;
            File.WriteAllBytes(Path.Combine(directory, name + ".notes"), utf8);
        }

        // The tag used closest to 15,000 times (what the rename measurement renames).
        var popular = tagUses.OrderBy(kv => Math.Abs(kv.Value - 15_000)).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
        var info = new CollectionInfo(directory, dumps.Count, copies, clones * sources.Count, clones, bytes, tagless, drifted, popular.Key, popular.Value);
        File.WriteAllText(Path.Combine(directory, ".complete"), JsonSerializer.Serialize(info));
        return info;
    }

    /// <summary>The collection's dumps in memory: category → text (ordered by category), for tests and in-process use.</summary>
    public IReadOnlyList<(string Category, string Text)> Texts(long targetBytes)
    {
        var dumps = Build(targetBytes, out _);
        return [.. dumps.Select(d => (d.Key, Render(d.Key, d.Value, out _)))];
    }

    internal static IReadOnlyList<CollectionSource> LoadCorpus(string corpusDir)
    {
        var result = new List<CollectionSource>();
        var seen = new HashSet<int>();
        foreach (var file in Directory.GetFiles(corpusDir, "*.notes").Order(StringComparer.Ordinal))
        {
            var truth = Path.ChangeExtension(file, ".truth.json");
            var tagsOf = new Dictionary<int, string[]>();
            using (var json = JsonDocument.Parse(File.ReadAllBytes(truth)))
            {
                foreach (var e in json.RootElement.GetProperty("entries").EnumerateArray())
                {
                    tagsOf[e.GetProperty("number").GetInt32()] = [.. e.GetProperty("xml_tags").EnumerateArray().Select(t => t.GetString()!)];
                }
            }

            var document = NoteDocument.Parse(File.ReadAllText(file));
            foreach (var entry in document.Entries())
            {
                var e = entry.Syntax;
                if (e.Number is not { } number || e.NumberSpan is not { } numberSpan || e.DateText is not { } date || !seen.Add(number))
                {
                    continue;
                }

                var anchor = e.IssueDateKeywordSpan.Start;
                var text = e.Text.Span[anchor..].ToString().TrimEnd(' ', '\t', '\n', '\r', '\u3000');
                result.Add(new CollectionSource(
                    number,
                    date,
                    text,
                    Shift(numberSpan, anchor),
                    [.. e.References.Where(r => !r.Tentative).Select(r => (Shift(r.NumberSpan, anchor), r.Number))],
                    Shift(e.TitleSpan, anchor),
                    e.CommentKeywordSpan is not null,
                    tagsOf.TryGetValue(number, out var tags) ? tags : [.. e.Tags.Select(t => t.Name), document.Prologue.Title]));
            }
        }

        return result;

        static TextSpan Shift(TextSpan span, int by) => new(span.Start - by, span.Length);
    }

    private static string FileName(string tag)
    {
        var b = new StringBuilder(tag.Length);
        foreach (var c in tag)
        {
            b.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return b.ToString();
    }

    private enum Drift
    {
        None,
        Title,
        Comment,
    }

    private sealed record Copy(int CloneIndex, CollectionSource Source, IReadOnlyList<string> Tags, Drift Drift, int GrowthIndex)
    {
        public int Number => Source.Number + (CloneIndex * NumberShift);
    }

    /// <summary>Every dump's copies, ordered as real dumps are (newest first).</summary>
    private SortedDictionary<string, List<Copy>> Build(long targetBytes, out int clones)
    {
        var perClone = sources.Sum(s => (long)Encoding.UTF8.GetByteCount(s.Body) * s.Tags.Count);
        clones = (int)Math.Max(1, Math.Ceiling(targetBytes / (double)Math.Max(1, perClone)));
        var dumps = new SortedDictionary<string, List<Copy>>(StringComparer.Ordinal);
        for (var k = 0; k < clones; k++)
        {
            foreach (var source in sources)
            {
                var random = new SplitMix64(seed ^ (((ulong)k * 1_000_003UL) + (ulong)source.Number));
                IReadOnlyList<string> tags = source.Tags;
                if (tags.Count > 1 && random.Chance(TaglessChance))
                {
                    tags = [tags[random.Below(tags.Count)]];
                }

                foreach (var tag in tags)
                {
                    var drift = random.Chance(DriftChance) ? (source.HasComment && random.Chance(0.5) ? Drift.Comment : Drift.Title) : Drift.None;
                    if (!dumps.TryGetValue(tag, out var list))
                    {
                        dumps[tag] = list = [];
                    }

                    list.Add(new Copy(k, source, tags, drift, random.Below(Growth.Length)));
                }
            }
        }

        foreach (var list in dumps.Values)
        {
            list.Sort((a, b) =>
            {
                var byDate = string.CompareOrdinal(b.Source.Date, a.Source.Date);
                return byDate != 0 ? byDate : b.Number.CompareTo(a.Number);
            });
        }

        return dumps;
    }

    /// <summary>The dump of <paramref name="category"/>: its category line, a blank line, then its copies.</summary>
    private string Render(string category, List<Copy> copies, out int tagless)
    {
        tagless = 0;
        var known = new HashSet<int>(sources.Select(s => s.Number));
        var b = new StringBuilder(copies.Sum(c => c.Source.Body.Length + 100) + category.Length + 2);
        b.Append(category).Append("\n\n");
        var atLineStart = true;
        foreach (var copy in copies)
        {
            var random = new SplitMix64(seed ^ 0x5EED ^ (((ulong)copy.CloneIndex * 1_000_003UL) + (ulong)copy.Source.Number) ^ ((ulong)category.GetHashCodeOrdinal() << 20));
            var tags = copy.Tags.Where(t => t != category).ToList();
            if (tags.Count == 0)
            {
                // Only the category's tag: no tag list; glued after the previous entry's text (or at a line start).
                tagless++;
                if (!atLineStart)
                {
                    b.Append(' ');
                }
            }
            else
            {
                if (!atLineStart)
                {
                    b.Append(random.Chance(OwnLineChance) ? "\n" : " ");
                }

                for (var i = 0; i < tags.Count; i++)
                {
                    b.Append(i == 0 ? "#" : " #").Append(tags[i]);
                }

                b.Append(random.Chance(TagsOnOwnLineChance) ? '\n' : ' ');
            }

            AppendBody(b, copy, known);
            atLineStart = false;
        }

        b.Append('\n');
        return b.ToString();
    }

    private static void AppendBody(StringBuilder b, Copy copy, HashSet<int> known)
    {
        var s = copy.Source;
        var edits = new List<(int Start, int Length, string Text)>
        {
            (s.NumberSpan.Start, s.NumberSpan.Length, "#" + copy.Number.ToString(CultureInfo.InvariantCulture)),
        };
        if (copy.CloneIndex > 0)
        {
            foreach (var (digits, target) in s.References)
            {
                if (known.Contains(target))
                {
                    edits.Add((digits.Start, digits.Length, (target + (copy.CloneIndex * NumberShift)).ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        if (copy.Drift == Drift.Title)
        {
            var title = s.Body.AsSpan(s.Title.Start, s.Title.Length);
            edits.Add(title.StartsWith(PaperNote, StringComparison.Ordinal) ? (s.Title.Start, PaperNote.Length, string.Empty) : (s.Title.Start, 0, PaperNote));
        }
        else if (copy.Drift == Drift.Comment)
        {
            edits.Add((s.Body.Length, 0, "\n" + Growth[copy.GrowthIndex]));
        }

        edits.Sort((x, y) => x.Start.CompareTo(y.Start));
        var at = 0;
        foreach (var (start, length, text) in edits)
        {
            b.Append(s.Body, at, start - at).Append(text);
            at = start + length;
        }

        b.Append(s.Body, at, s.Body.Length - at);
    }
}

internal static class OrdinalHash
{
    /// <summary>A string hash that is the same in every process (string.GetHashCode is randomized).</summary>
    public static int GetHashCodeOrdinal(this string s)
    {
        var h = 2166136261u;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return (int)h;
    }
}
