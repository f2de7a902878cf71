using System.Text.RegularExpressions;

namespace NotesLsp.Server.Tests;

/// <summary>
/// Real notes damaged the way hand-edited dumps are: lines deleted or duplicated, dates broken, near-miss tags,
/// stray text, emoji and lone surrogates, CRLF, entries glued to the previous line or unglued. Deterministic per seed.
/// </summary>
public static partial class FuzzedNotes
{
    private static readonly string[] Snippets =
    [
        "😀", "🧠 ", "\uD83D", "\uDE00", "\r\n", "\r", "\n", " #", "#", "・2140", "Issue Date:", " Summary", " Comment", "日本語の文章。",
        "https://x.com/a?b#c", "\u3000", "\t", "#NLP ", "Issue Date: 2025-8-6 Title, A+, ACL'24 Summaryx",
    ];

    private static readonly string[] BrokenDates = ["2025-8-6", "2025-08-6", "2025-8-26", "2025-02-30", "2025/08/06", "25-08-06", "2025-13-01", string.Empty];

    private static readonly string[] Glues = [" ", " ", " ", "\t", "\u3000", string.Empty];

    public static string Mutate(string text, int seed)
    {
        var random = new Random(seed);
        var operations = random.Next(1, 7);
        for (var i = 0; i < operations; i++)
        {
            text = random.Next(11) switch
            {
                0 => EditLines(text, random, duplicate: false),
                1 => EditLines(text, random, duplicate: true),
                2 => BreakDate(text, random),
                3 => NearMissTag(text, random),
                4 => text.Insert(Math.Max(0, text.IndexOf('\n', StringComparison.Ordinal) + 1), "stray text 迷子のメモ\n"),
                5 => text.Insert(random.Next(text.Length + 1), Snippets[random.Next(Snippets.Length)]),
                6 => text.ReplaceLineEndings("\r\n"),
                7 => Glue(text, random),
                8 => Unglue(text, random),
                9 => text.Insert(random.Next(text.Length + 1), random.Next(2) == 0 ? "😀🧠" : "\uD83D"),
                _ => BreakDate(NearMissTag(text, random), random),
            };
        }

        return text;
    }

    private static string EditLines(string text, Random random, bool duplicate)
    {
        var lines = text.Split('\n').ToList();
        var at = random.Next(lines.Count);
        if (duplicate)
        {
            lines.Insert(at, lines[at]);
        }
        else if (lines.Count > 1)
        {
            lines.RemoveAt(at);
        }

        return string.Join('\n', lines);
    }

    private static string BreakDate(string text, Random random) =>
        ReplaceOne(text, DateRegex(), random, _ => BrokenDates[random.Next(BrokenDates.Length)]);

    /// <summary>A tag becomes one typo away from itself: a letter's case, two letters swapped, one dropped or doubled.</summary>
    private static string NearMissTag(string text, Random random) =>
        ReplaceOne(text, TagRegex(), random, name =>
        {
            if (name.Length < 3)
            {
                return name;
            }

            var i = random.Next(1, name.Length - 1);
            return random.Next(4) switch
            {
                0 => name[..i] + (char.IsUpper(name[i]) ? char.ToLowerInvariant(name[i]) : char.ToUpperInvariant(name[i])) + name[(i + 1)..],
                1 => name[..(i - 1)] + name[i] + name[i - 1] + name[(i + 1)..],
                2 => name.Remove(i, 1),
                _ => name.Insert(i, name[i].ToString()),
            };
        });

    /// <summary>A tag line or an <c>Issue Date:</c> line joins the line before it.</summary>
    private static string Glue(string text, Random random) =>
        ReplaceOne(text, GlueRegex(), random, _ => Glues[random.Next(Glues.Length)]);

    /// <summary>A glued tag list (or anchor) moves to a line of its own.</summary>
    private static string Unglue(string text, Random random) =>
        ReplaceOne(text, UnglueRegex(), random, _ => random.Next(2) == 0 ? "\n" : " \n");

    /// <summary>Replaces group 1 of one random match.</summary>
    private static string ReplaceOne(string text, Regex regex, Random random, Func<string, string> replace)
    {
        var matches = regex.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var group = matches[random.Next(matches.Count)].Groups[1];
        return string.Concat(text.AsSpan(0, group.Index), replace(group.Value), text.AsSpan(group.Index + group.Length));
    }

    [GeneratedRegex(@"Issue Date: ([0-9]{4}-[0-9]{2}-[0-9]{2})")]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"(?:^|[ \t])#([A-Za-z][A-Za-z-]+)", RegexOptions.Multiline)]
    private static partial Regex TagRegex();

    [GeneratedRegex(@"\S(\r?\n)(?:#|Issue Date:)")]
    private static partial Regex GlueRegex();

    [GeneratedRegex(@"\S( )#[^\r\n]*?Issue Date:")]
    private static partial Regex UnglueRegex();
}
