using System.Runtime.CompilerServices;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>An entry found by a workspace search: its name, the copy that stands for it, and where it is kept.</summary>
public sealed record SymbolMatch(string Name, string Document, TextSpan Span, string Container);

/// <summary>
/// Workspace symbols: entries whose title holds the query (prefix, then substring, then its characters in order),
/// each entry once, however many dumps keep a copy. The copy shown is the one in the active dump, else in an open
/// dump, else the first by path; the container names the dump and how many others keep the entry. Titles come from
/// the index (one per copy reading), so a search walks entries, not documents.
/// </summary>
public static class WorkspaceSymbols
{
    /// <summary>
    /// The best matches only, as TypeScript's server answers VS Code (256) and rust-analyzer does (128): the client
    /// filters them as the query grows, and a short query over a 40,000-copy collection matches thousands of titles
    /// (each answered match costs ~7 µs to pick its copy and name its dumps, and ~150 bytes of JSON).
    /// </summary>
    public const int MaxResults = 256;

    public static IReadOnlyList<SymbolMatch> Search(Workspace workspace, string query, string? activeDocument, CancellationToken cancellationToken = default)
    {
        var prepared = new PreparedQuery(query);
        var numbered = new List<(int Score, string Title, int Number)>(1024);
        var seen = 0;
        foreach (var number in workspace.Numbers)
        {
            if ((++seen & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var best = -1;
            string? title = null;
            var copies = workspace.CopiesOf(number);
            for (var i = 0; i < copies.Count; i++)
            {
                var copy = copies[i];
                if (title is not null && ReferenceEquals(copy.Title, title))
                {
                    continue;
                }

                var score = prepared.Score(copy.Title);
                if (score >= 0 && (best < 0 || score < best))
                {
                    (best, title) = (score, copy.Title);
                }
            }

            if (best >= 0)
            {
                numbered.Add((best, title!, number));
            }
        }

        var unnumbered = new List<(int Score, string Title, string Document, EntryAt Entry)>();
        foreach (var key in workspace.Documents)
        {
            if (workspace.FactsOf(key) is not { Unnumbered: > 0 })
            {
                continue;
            }

            foreach (var entry in workspace.Get(key)!.Entries())
            {
                if (entry.Syntax.Number is null && prepared.Score(entry.Syntax.Title) is var score && score >= 0)
                {
                    unnumbered.Add((score, entry.Syntax.Title, key, entry));
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var candidates = new (int Score, string Title, int? Number, string? Document, EntryAt? Entry)[numbered.Count + unnumbered.Count];
        for (var i = 0; i < numbered.Count; i++)
        {
            candidates[i] = (numbered[i].Score, numbered[i].Title, numbered[i].Number, null, null);
        }

        for (var i = 0; i < unnumbered.Count; i++)
        {
            candidates[numbered.Count + i] = (unnumbered[i].Score, unnumbered[i].Title, null, unnumbered[i].Document, unnumbered[i].Entry);
        }

        var merged = candidates.OrderBy(m => m.Score).ThenBy(m => m.Title, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Number).Take(MaxResults);
        var result = new List<SymbolMatch>(Math.Min(candidates.Length, MaxResults));
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        string CategoryOf(string document) =>
            categories.TryGetValue(document, out var known) ? known : categories[document] = Category(workspace, document);

        foreach (var match in merged)
        {
            if (match.Number is { } number)
            {
                if (Copies.RepresentativeTitled(workspace, number, activeDocument, match.Title) is not { } copy)
                {
                    continue;
                }

                var others = Copies.DumpCount(workspace, number) - 1;
                var container = CategoryOf(copy.Document) + (others > 0 ? $" (also in {others} other {(others == 1 ? "dump" : "dumps")})" : string.Empty);
                result.Add(new SymbolMatch(Outline.NameOf(copy.Entry.Syntax), copy.Document, Lookup.HeaderTarget(copy.Entry), container));
            }
            else
            {
                result.Add(new SymbolMatch(Outline.NameOf(match.Entry!.Value.Syntax), match.Document!, Lookup.HeaderTarget(match.Entry.Value), CategoryOf(match.Document!)));
            }
        }

        return result;
    }

    /// <summary>0: prefix, 1: substring, 2: fuzzy (characters in order); -1: no match.</summary>
    public static int Score(string title, string query)
    {
        if (query.Length == 0)
        {
            return 1;
        }

        var index = title.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        if (index == 0)
        {
            return 0;
        }

        if (index > 0)
        {
            return 1;
        }

        var q = 0;
        for (var i = 0; i < title.Length && q < query.Length; i++)
        {
            if (char.ToUpperInvariant(title[i]) == char.ToUpperInvariant(query[q]))
            {
                q++;
            }
            else if (char.IsWhiteSpace(query[q]))
            {
                q++;
                i--;
            }
        }

        return q == query.Length ? 2 : -1;
    }

    /// <summary>
    /// <see cref="Score"/> for one query against many titles, with the same answers. Each title's character set is kept
    /// while the title string lives (a 64-bit mask, not a folded copy: ~8,000 titles on a 10 MB dump); a title whose set
    /// covers the query's is upper-cased into a stack buffer and searched ordinally, so a search compares characters
    /// instead of case-folding both sides at every step. Text with cased characters outside the BMP takes
    /// <see cref="Score"/> itself.
    /// </summary>
    internal sealed class PreparedQuery(string query)
    {
        private static readonly ConditionalWeakTable<string, TitleMask> TitleMasks = [];
        private static readonly TitleMask NotFoldable = new(0);

        private readonly string? upper = Fold(query);
        private readonly ulong mask = MaskOf(Fold(query), skipWhiteSpace: true);

        public int Score(string title)
        {
            if (upper is null || query.Length == 0)
            {
                return WorkspaceSymbols.Score(title, query);
            }

            var known = TitleMasks.GetValue(title, static t => Fold(t) is { } f ? new TitleMask(MaskOf(f, skipWhiteSpace: false)) : NotFoldable);
            if (ReferenceEquals(known, NotFoldable))
            {
                return WorkspaceSymbols.Score(title, query);
            }

            // Every character of the query but its blanks is in a matching title (as a substring or in order): most
            // titles are ruled out by their character set without being searched or folded.
            if ((mask & ~known.Mask) != 0)
            {
                return -1;
            }

            var buffer = title.Length <= 512 ? stackalloc char[title.Length] : new char[title.Length];
            title.AsSpan().ToUpperInvariant(buffer);
            return ScoreFolded(buffer);
        }

        private int ScoreFolded(ReadOnlySpan<char> t)
        {
            var upper = this.upper!;
            var index = t.IndexOf(upper, StringComparison.Ordinal);
            if (index == 0)
            {
                return 0;
            }

            if (index > 0)
            {
                return 1;
            }

            // The characters of the query in order (as Score's loop: a query space matches a space at the current
            // place or is skipped), each found with a vectorised search instead of a step per title character.
            var at = 0;
            for (var q = 0; q < upper.Length; q++)
            {
                if (at >= t.Length)
                {
                    return -1;
                }

                if (char.IsWhiteSpace(query[q]))
                {
                    at += t[at] == upper[q] ? 1 : 0;
                    continue;
                }

                var found = t[at..].IndexOf(upper[q]);
                if (found < 0)
                {
                    return -1;
                }

                at += found + 1;
            }

            return 2;
        }

        /// <summary>One bit per character class (the code unit modulo 64): a set the title's characters must cover.</summary>
        private static ulong MaskOf(string? folded, bool skipWhiteSpace)
        {
            var mask = 0UL;
            foreach (var c in folded ?? string.Empty)
            {
                if (!skipWhiteSpace || !char.IsWhiteSpace(c))
                {
                    mask |= 1UL << (c & 63);
                }
            }

            return mask;
        }

        /// <summary>
        /// Each character upper-cased as <see cref="char.ToUpperInvariant"/> does, or null when the text has a character
        /// outside the BMP with a case (Deseret, Adlam…): ignore-case search folds those as pairs, a step per code unit
        /// cannot. Emoji have no case, so a title with emoji is folded like any other.
        /// </summary>
        private static string? Fold(string text)
        {
            var folded = string.Create(text.Length, text, static (chars, source) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = char.ToUpperInvariant(source[i]);
                }
            });
            return !text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') || string.Equals(folded, text.ToUpperInvariant(), StringComparison.Ordinal) ? folded : null;
        }
    }

    /// <summary>The set of a title's characters once upper-cased (<see cref="PreparedQuery"/>), kept while the title string lives.</summary>
    private sealed record TitleMask(ulong Mask);

    private static string Category(Workspace workspace, string key) =>
        workspace.Get(key)?.Prologue.Title.Trim() is { Length: > 0 } category ? category : Path.GetFileName(key);
}
