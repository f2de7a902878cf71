using NotesLsp.Analysis;

namespace NotesLsp.Ide;

/// <summary>
/// The rule every feature follows for an entry kept in several dumps (copies are one entry): where one copy has to
/// stand for the entry, take the copy in the dump at hand, else one in a dump the editor has open, else the first by
/// path. Where every copy matters (references, rename), take all of them, copies in open dumps first.
/// </summary>
public static class Copies
{
    /// <summary>Every copy of the entry, those in <paramref name="preferred"/> first, then open dumps, then by path.</summary>
    public static IReadOnlyList<EntryLocation> Ordered(Workspace workspace, int number, string? preferred) =>
        [.. workspace.Definitions(number).OrderBy(d => Rank(workspace, d.Document, preferred))];

    public static EntryLocation? Representative(Workspace workspace, int number, string? preferred)
    {
        // Rank the dumps from the index's copy facts first, then read the entry in the chosen dump only: reading every
        // copy's entry would build the number map of every dump that keeps one (a collection keeps an entry in ~6 dumps,
        // and a workspace search asks this for up to 1,000 numbers).
        string? bestDocument = null;
        var bestRank = int.MaxValue;
        foreach (var copy in workspace.CopiesOf(number))
        {
            var rank = Rank(workspace, copy.Document, preferred);
            if (rank < bestRank || (rank == bestRank && string.CompareOrdinal(copy.Document, bestDocument) < 0))
            {
                (bestDocument, bestRank) = (copy.Document, rank);
            }
        }

        if (bestDocument is not null)
        {
            foreach (var entry in workspace.EntriesNumbered(bestDocument, number))
            {
                return new EntryLocation(bestDocument, entry);
            }
        }

        // The index and the documents disagree (never expected): the first copy found, as before.
        EntryLocation? best = null;
        bestRank = int.MaxValue;
        foreach (var copy in workspace.Definitions(number))
        {
            var rank = Rank(workspace, copy.Document, preferred);
            if (rank < bestRank)
            {
                (best, bestRank) = (copy, rank);
                if (rank == 0)
                {
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The copy to show for a search that matched <paramref name="title"/>: the representative when it reads so, else the
    /// first copy (in <see cref="Ordered"/> order) that does, so a drifted copy found by its own title is the one shown.
    /// </summary>
    public static EntryLocation? RepresentativeTitled(Workspace workspace, int number, string? preferred, string title)
    {
        var representative = Representative(workspace, number, preferred);
        if (representative is not { } copy || HasTitle(copy, title))
        {
            return representative;
        }

        // A drifted copy: the index knows each copy's title, so only the chosen dump is read (a search asks this for up
        // to 1,000 entries, and reading every copy in order cost a tenth of a search over a collection).
        string? bestDocument = null;
        var bestRank = int.MaxValue;
        foreach (var fact in workspace.CopiesOf(number))
        {
            var rank = Rank(workspace, fact.Document, preferred);
            if (fact.Title.AsSpan().Trim().SequenceEqual(title.AsSpan().Trim())
                && (rank < bestRank || (rank == bestRank && string.CompareOrdinal(fact.Document, bestDocument) < 0)))
            {
                (bestDocument, bestRank) = (fact.Document, rank);
            }
        }

        if (bestDocument is not null)
        {
            foreach (var entry in workspace.EntriesNumbered(bestDocument, number))
            {
                if (HasTitle(new EntryLocation(bestDocument, entry), title))
                {
                    return new EntryLocation(bestDocument, entry);
                }
            }
        }

        foreach (var other in Ordered(workspace, number, preferred))
        {
            if (HasTitle(other, title))
            {
                return other;
            }
        }

        return representative;
    }

    /// <summary>How many dumps keep a copy of the entry.</summary>
    public static int DumpCount(Workspace workspace, int number)
    {
        // Copies are few (a dozen at most in a collection): a scan, not a set per call (a search asks for 1,000 entries).
        var copies = workspace.CopiesOf(number);
        var count = 0;
        for (var i = 0; i < copies.Count; i++)
        {
            var seen = false;
            for (var j = 0; j < i && !seen; j++)
            {
                seen = string.Equals(copies[j].Document, copies[i].Document, StringComparison.Ordinal);
            }

            count += seen ? 0 : 1;
        }

        return count;
    }

    private static bool HasTitle(EntryLocation copy, string title) =>
        copy.Entry.Syntax.Title.AsSpan().Trim().SequenceEqual(title.AsSpan().Trim());

    private static int Rank(Workspace workspace, string document, string? preferred) =>
        string.Equals(document, preferred, StringComparison.Ordinal) ? 0 : workspace.IsOpen(document) ? 1 : 2;
}
