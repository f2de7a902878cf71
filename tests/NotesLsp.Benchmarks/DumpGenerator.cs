using System.Globalization;
using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>A small deterministic PRNG (SplitMix64), so generated data never depends on the runtime's Random.</summary>
public sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, n).</summary>
    public int Below(int n) => (int)(Next() % (ulong)n);

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => (Next() >> 11) * (1.0 / (1UL << 53)) < p;
}

/// <summary>One real entry of the corpus, with the spans the generator rewrites (relative to its text).</summary>
internal sealed record CorpusEntry(string Text, TextSpan? NumberSpan, IReadOnlyList<TextSpan> ReferenceDigits, TextSpan Summary, TextSpan Comment, bool HasTags);

/// <summary>
/// Scales the real corpus (tests/data/corpus) to dumps of any size, deterministically for a seed: it samples real
/// entries, renumbers them uniquely (#10000, #10001, …), points most <c>・NNNN</c> references at generated entries
/// (the rest keep their original, mostly unresolved, numbers as in partial dumps), sprinkles emoji (including
/// surrogate pairs, ZWJ sequences and flags) into summaries and comments, and keeps the corpus's mix of entries
/// glued to the previous text and entries on their own line, flipping a few either way.
/// </summary>
public sealed class DumpGenerator
{
    public const ulong DefaultSeed = 20260401;

    private static readonly string[] Emoji =
    [
        "🎉", "🚀", "🤔", "👍", "✨", "📝", "🔥", "💡", "😅", "🙏", "👀", "✅", "👩‍💻", "🇯🇵", "👍🏽", "🧠", "📈", "⚠️",
    ];

    private static readonly Lazy<IReadOnlyList<CorpusEntry>> DefaultEntries = new(() => LoadCorpus(BenchPaths.CorpusFiles));

    private readonly IReadOnlyList<CorpusEntry> entries;
    private readonly SplitMix64 random;
    private readonly List<int> assigned = [];
    private int nextNumber;

    public DumpGenerator(ulong seed = DefaultSeed, int firstNumber = 10000)
        : this(DefaultEntries.Value, seed, firstNumber)
    {
    }

    internal DumpGenerator(IReadOnlyList<CorpusEntry> entries, ulong seed, int firstNumber)
    {
        if (entries.Count == 0)
        {
            throw new InvalidOperationException("the corpus has no entries");
        }

        this.entries = entries;
        random = new SplitMix64(seed);
        nextNumber = firstNumber;
    }

    /// <summary>Entry numbers handed out so far, in order.</summary>
    public IReadOnlyList<int> AssignedNumbers => assigned;

    public static int Utf8Length(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>A dump of at least <paramref name="targetBytes"/> UTF-8 bytes (it ends after the entry that reaches the size).</summary>
    public string Dump(long targetBytes, string category = "AllNotes")
    {
        var builder = new StringBuilder((int)Math.Min(int.MaxValue / 2, targetBytes));
        builder.Append(category).Append("\n\n");
        long bytes = Utf8Length(category) + 2;
        var previousEndsMidLine = false;
        while (bytes < targetBytes)
        {
            var source = entries[random.Below(entries.Count)];
            var text = Rewrite(source);

            // Separator before this entry: the previous block's own ending, unless it was glued and this entry has no
            // tag list to glue (then it must start a line).
            if (previousEndsMidLine && !source.HasTags)
            {
                builder.Append('\n');
                bytes++;
            }

            var body = text.TrimEnd(' ', '\t', '\n', '\r');
            var tail = text[body.Length..];
            var glued = tail.Length > 0 && !tail.Contains('\n', StringComparison.Ordinal);

            // Keep the corpus's mix of glued and own-line starts, flipping about one in ten either way.
            if (random.Chance(0.1))
            {
                glued = !glued;
            }

            var ending = glued ? " " : tail.Contains("\n\n", StringComparison.Ordinal) ? "\n\n" : "\n";
            builder.Append(body).Append(ending);
            bytes += Utf8Length(body) + ending.Length;
            previousEndsMidLine = glued;
        }

        if (previousEndsMidLine)
        {
            builder.Length--;
            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Writes <paramref name="files"/> dumps of about <paramref name="totalBytes"/>/files bytes each into
    /// <paramref name="directory"/> (one category per file, numbers unique across the workspace). Returns the paths.
    /// </summary>
    public IReadOnlyList<string> Workspace(string directory, int files, long totalBytes)
    {
        Directory.CreateDirectory(directory);
        var paths = new List<string>(files);
        var per = totalBytes / files;
        for (var i = 0; i < files; i++)
        {
            var category = "Category" + i.ToString("D4", CultureInfo.InvariantCulture);
            var path = Path.Combine(directory, category + ".notes");
            File.WriteAllText(path, Dump(per, category), new UTF8Encoding(false));
            paths.Add(path);
        }

        return paths;
    }

    internal static IReadOnlyList<CorpusEntry> LoadCorpus(IEnumerable<string> files)
    {
        var result = new List<CorpusEntry>();
        foreach (var file in files)
        {
            var document = NoteDocument.Parse(File.ReadAllText(file));
            foreach (var entry in document.Entries())
            {
                var e = entry.Syntax;
                result.Add(new CorpusEntry(
                    e.Text.ToString(),
                    e.Number is not null ? e.NumberSpan : null,
                    [.. e.References.Select(r => r.NumberSpan)],
                    e.SummarySpan,
                    e.CommentSpan,
                    e.Tags.Count > 0));
            }
        }

        return result;
    }

    private string Rewrite(CorpusEntry source)
    {
        var text = source.Text;
        var edits = new List<(int Start, int Length, string Text)>();
        var number = nextNumber++;
        if (source.NumberSpan is { } numberSpan)
        {
            edits.Add((numberSpan.Start, numberSpan.Length, "#" + number.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var digits in source.ReferenceDigits)
        {
            // Most references point at an entry generated earlier (resolved); the rest keep their number.
            if (assigned.Count > 0 && random.Chance(0.7))
            {
                var target = assigned[random.Below(assigned.Count)];
                edits.Add((digits.Start, digits.Length, target.ToString(CultureInfo.InvariantCulture)));
            }
        }

        // Emoji after a sentence end in the summary, and at the end of some comment lines.
        AddEmojiAfter(text, source.Summary, '。', 0.5, edits);
        AddEmojiAtLineEnds(text, source.Comment, 0.15, edits);

        if (source.NumberSpan is not null)
        {
            assigned.Add(number);
        }

        edits.Sort((a, b) => b.Start.CompareTo(a.Start));
        var builder = new StringBuilder(text);
        foreach (var (start, length, replacement) in edits)
        {
            builder.Remove(start, length).Insert(start, replacement);
        }

        return builder.ToString();
    }

    private void AddEmojiAfter(string text, TextSpan span, char after, double chance, List<(int, int, string)> edits)
    {
        var end = Math.Min(span.End, text.Length);
        for (var i = span.Start; i < end; i++)
        {
            if (text[i] == after && random.Chance(chance))
            {
                edits.Add((i + 1, 0, Emoji[random.Below(Emoji.Length)]));
                return;
            }
        }
    }

    private void AddEmojiAtLineEnds(string text, TextSpan span, double chance, List<(int, int, string)> edits)
    {
        var end = Math.Min(span.End, text.Length);
        for (var i = span.Start; i < end; i++)
        {
            // Only after ordinary text (not after a digit, which could extend a reference, nor after a blank).
            if (text[i] == '\n' && i > span.Start && !char.IsAsciiDigit(text[i - 1]) && !char.IsWhiteSpace(text[i - 1]) && random.Chance(chance))
            {
                edits.Add((i, 0, " " + Emoji[random.Below(Emoji.Length)]));
            }
        }
    }
}
