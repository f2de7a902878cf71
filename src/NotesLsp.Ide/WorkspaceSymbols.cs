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
    public const int MaxResults = 1000;

    public static IReadOnlyList<SymbolMatch> Search(Workspace workspace, string query, string? activeDocument, CancellationToken cancellationToken = default)
    {
        var prepared = new PreparedQuery(query);
        var numbered = new List<(int Score, string Title, int Number)>();
        var seen = 0;
        foreach (var number in workspace.Numbers)
        {
            if ((++seen & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var best = -1;
            string? title = null;
            foreach (var copy in workspace.CopiesOf(number))
            {
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
        var merged = numbered.Select(n => (n.Score, n.Title, Number: (int?)n.Number, Document: (string?)null, Entry: (EntryAt?)null))
            .Concat(unnumbered.Select(u => (u.Score, u.Title, Number: (int?)null, Document: (string?)u.Document, Entry: (EntryAt?)u.Entry)))
            .OrderBy(m => m.Score).ThenBy(m => m.Title, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Number)
            .Take(MaxResults);

        var result = new List<SymbolMatch>();
        foreach (var match in merged)
        {
            if (match.Number is { } number)
            {
                if (Copies.RepresentativeTitled(workspace, number, activeDocument, match.Title) is not { } copy)
                {
                    continue;
                }

                var others = Copies.DumpCount(workspace, number) - 1;
                var container = Category(workspace, copy.Document) + (others > 0 ? $" (also in {others} other {(others == 1 ? "dump" : "dumps")})" : string.Empty);
                result.Add(new SymbolMatch(Outline.NameOf(copy.Entry.Syntax), copy.Document, Lookup.HeaderTarget(copy.Entry), container));
            }
            else
            {
                result.Add(new SymbolMatch(Outline.NameOf(match.Entry!.Value.Syntax), match.Document!, Lookup.HeaderTarget(match.Entry.Value), Category(workspace, match.Document!)));
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
    /// <see cref="Score"/> for one query against many titles, with the same answers: titles and query are upper-cased
    /// once (each title's form is kept while the title string lives), so a search compares characters instead of
    /// case-folding both sides at every step (ignore-case search is a scalar loop with invariant globalization).
    /// Text with surrogates takes <see cref="Score"/> itself.
    /// </summary>
    internal sealed class PreparedQuery(string query)
    {
        private static readonly ConditionalWeakTable<string, string> UpperTitles = [];
        private static readonly string NotFolded = new('\0', 1);

        private readonly string? upper = Fold(query);

        public int Score(string title)
        {
            if (upper is null || query.Length == 0)
            {
                return WorkspaceSymbols.Score(title, query);
            }

            var t = UpperTitles.GetValue(title, static t => Fold(t) ?? NotFolded);
            if (ReferenceEquals(t, NotFolded))
            {
                return WorkspaceSymbols.Score(title, query);
            }

            var index = t.AsSpan().IndexOf(upper, StringComparison.Ordinal);
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

                var found = t.AsSpan(at).IndexOf(upper[q]);
                if (found < 0)
                {
                    return -1;
                }

                at += found + 1;
            }

            return 2;
        }

        /// <summary>Each character upper-cased as <see cref="char.ToUpperInvariant"/> does, or null when the text holds a surrogate.</summary>
        private static string? Fold(string text)
        {
            if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
            {
                return null;
            }

            return string.Create(text.Length, text, static (chars, source) =>
            {
                for (var i = 0; i < chars.Length; i++)
                {
                    chars[i] = char.ToUpperInvariant(source[i]);
                }
            });
        }
    }

    private static string Category(Workspace workspace, string key) =>
        workspace.Get(key)?.Prologue.Title.Trim() is { Length: > 0 } category ? category : Path.GetFileName(key);
}
