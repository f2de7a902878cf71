using System.Globalization;
using System.Runtime.CompilerServices;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

public enum CompletionKind
{
    Tag,
    EntryNumber,
    NewEntry,
}

/// <summary>One completion: what to show, how to rank and filter it, and what replaces which span.</summary>
public sealed record CompletionEntry(string Label, CompletionKind Kind, string? Detail, string? Description, string SortText, string FilterText, TextSpan Replace, string InsertText, bool IsSnippet = false);

public sealed record CompletionResult(bool IsIncomplete, IReadOnlyList<CompletionEntry> Items);

/// <summary>What the client can take: snippets with placeholders, and the day it is for the user.</summary>
public readonly record struct CompletionOptions(bool Snippets, DateOnly Today);

/// <summary>
/// Completion: after <c>#</c> in a tag list, the workspace's tags ranked by how many entries carry them (after a few
/// characters, tags containing them anywhere, <c>#sft</c> → <c>#Supervised-FineTuning (SFT)</c>); after <c>・</c>, the
/// entry numbers that start with the digits typed, with their titles; at the start of a line, a new entry dated today
/// with the next free number.
/// </summary>
public static class Completion
{
    public const char ReferenceBullet = '・';

    public const int MaxNumberItems = 100;

    /// <summary>From this many characters typed, tags match anywhere in their name, not only at the start.</summary>
    public const int SubstringFrom = 2;

    private static readonly ConditionalWeakTable<Workspace, RankedTags> Ranked = [];

    public static CompletionResult? At(Workspace workspace, string key, int offset, CompletionOptions options)
    {
        if (workspace.Get(key) is not { } document)
        {
            return null;
        }

        offset = Math.Clamp(offset, 0, document.Length);
        var line = document.PositionOf(offset).Line;
        var lineStart = document.LineStartOffset(line);
        var before = document.GetText(TextSpan.FromBounds(lineStart, offset));

        var digits = before.Length;
        while (digits > 0 && char.IsAsciiDigit(before[digits - 1]))
        {
            digits--;
        }

        if (digits > 0 && before[digits - 1] == ReferenceBullet)
        {
            return Numbers(workspace, key, document, TextSpan.FromBounds(lineStart + digits, offset));
        }

        var hash = before.LastIndexOf('#');
        if (hash >= 0 && IsTagContext(document, lineStart, hash, before))
        {
            return Tags(workspace, document, TextSpan.FromBounds(lineStart + hash + 1, offset));
        }

        if (NewEntryPrefix(before) is { } typed)
        {
            return NewEntry(workspace, document, TextSpan.FromBounds(offset - typed, offset), options);
        }

        return null;
    }

    /// <summary>One more than the highest entry number in the workspace.</summary>
    public static int NextFreeNumber(Workspace workspace) => workspace.Numbers.DefaultIfEmpty(0).Max() + 1;

    /// <summary>
    /// The <c>#</c> starts a tag when it begins the line or follows a blank, and either the parser already sees a
    /// tag there or the line so far is a tag list (a new entry being typed).
    /// </summary>
    private static bool IsTagContext(NoteDocument document, int lineStart, int hash, string before)
    {
        if (hash > 0 && !char.IsWhiteSpace(before[hash - 1]))
        {
            return false;
        }

        var typed = before.AsSpan(hash + 1);
        if (typed.Contains(EntryBoundaries.IssueDateLiteral, StringComparison.Ordinal) || typed.Contains('#'))
        {
            return false;
        }

        if (document.TokenAt(lineStart + hash) is { Kind: SyntaxKind.Tag })
        {
            return true;
        }

        var head = before.AsSpan(0, hash).Trim();
        return head.IsEmpty || head[0] == '#';
    }

    private static CompletionResult Tags(Workspace workspace, NoteDocument document, TextSpan replace)
    {
        var typed = document.GetText(replace);
        var ranked = Ranked.TryGetValue(workspace, out var cache) && cache.Version == workspace.IndexVersion ? cache.Tags : null;
        if (ranked is null)
        {
            ranked = [.. workspace.TagCounts.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)];
            Ranked.AddOrUpdate(workspace, new RankedTags(workspace.IndexVersion, ranked));
        }

        // Prefix matches first, then (from a few characters) matches anywhere, then the rest for the client's own
        // fuzzy filter; each group ranked by use. Items matched inside their name carry the typed text as filter text
        // so the client keeps them, and the list is marked incomplete so it asks again as more is typed.
        var substring = typed.Length >= SubstringFrom;
        var prefix = new List<KeyValuePair<string, int>>();
        var inside = new List<KeyValuePair<string, int>>();
        var rest = new List<KeyValuePair<string, int>>();
        foreach (var tag in ranked)
        {
            var at = substring ? tag.Key.IndexOf(typed, StringComparison.OrdinalIgnoreCase) : -1;
            (at == 0 ? prefix : at > 0 ? inside : rest).Add(tag);
        }

        var items = new List<CompletionEntry>(ranked.Length);
        foreach (var (tag, count) in prefix.Concat(inside).Concat(rest))
        {
            var filter = substring && tag.IndexOf(typed, StringComparison.OrdinalIgnoreCase) > 0 ? typed : tag;
            items.Add(new CompletionEntry(tag, CompletionKind.Tag, count.ToString(CultureInfo.InvariantCulture), count == 1 ? "1 entry" : $"{count} entries", items.Count.ToString("D6", CultureInfo.InvariantCulture), filter, replace, tag));
        }

        return new CompletionResult(IsIncomplete: substring, items);
    }

    /// <summary>
    /// Entry numbers that start with the digits typed so far, most recent first, at most <see cref="MaxNumberItems"/>:
    /// a collection has thousands, and the list is marked incomplete so the client asks again as more digits come.
    /// </summary>
    private static CompletionResult Numbers(Workspace workspace, string key, NoteDocument document, TextSpan replace)
    {
        var typed = document.GetText(replace);
        var items = new List<CompletionEntry>();
        var incomplete = false;
        Span<char> digits = stackalloc char[11];
        foreach (var number in NumbersByRecency(workspace))
        {
            if (!number.TryFormat(digits, out var written, provider: CultureInfo.InvariantCulture) || !digits[..written].StartsWith(typed, StringComparison.Ordinal))
            {
                continue;
            }

            if (items.Count == MaxNumberItems)
            {
                incomplete = true;
                break;
            }

            var text = digits[..written].ToString();
            var title = Copies.Representative(workspace, number, key)?.Entry.Syntax.Title ?? workspace.CopiesOf(number).FirstOrDefault().Title;
            items.Add(new CompletionEntry(text, CompletionKind.EntryNumber, title, title, items.Count.ToString("D6", CultureInfo.InvariantCulture), text, replace, text));
        }

        return new CompletionResult(incomplete, items);
    }

    private static readonly ConditionalWeakTable<Workspace, SortedNumbers> NumberCache = [];

    /// <summary>Every entry number, highest (most recent) first; sorted again only when numbers appear or disappear.</summary>
    private static int[] NumbersByRecency(Workspace workspace)
    {
        if (NumberCache.TryGetValue(workspace, out var cached) && cached.Version == workspace.IndexVersion)
        {
            return cached.Numbers;
        }

        int[] numbers = [.. workspace.Numbers.OrderDescending()];
        NumberCache.AddOrUpdate(workspace, new SortedNumbers(workspace.IndexVersion, numbers));
        return numbers;
    }

    /// <summary>
    /// How many characters of <c>Issue Date:</c> are typed at the end of <paramref name="before"/> when a new entry can
    /// start there: at the start of a line (blanks and a tag list may precede it), or on an empty line. Null otherwise.
    /// </summary>
    private static int? NewEntryPrefix(string before)
    {
        var word = before.Length;
        while (word > 0 && !char.IsWhiteSpace(before[word - 1]))
        {
            word--;
        }

        var typed = before[word..];
        var head = before[..word].Trim();
        if (head.Length > 0 && head[0] != '#')
        {
            return null;
        }

        if (head.Length > 0 && typed.Length == 0)
        {
            return 0;
        }

        return typed.Length == 0 || EntryBoundaries.IssueDateLiteral.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? typed.Length : null;
    }

    /// <summary>
    /// The new entry's filter text, whatever was typed: the client filters the item against the text typed since the
    /// start of the replaced span (<c>I</c>, <c>Iss</c>, <c>Issue</c>, …) and keeps filtering as more is typed without
    /// asking again, so a filter text equal to what was typed when it asked would drop the item at the next keystroke.
    /// </summary>
    public const string NewEntryFilterText = "Issue Date:";

    private static CompletionResult NewEntry(Workspace workspace, NoteDocument document, TextSpan replace, CompletionOptions options)
    {
        _ = document;
        var number = NextFreeNumber(workspace);
        var head = $"{EntryBoundaries.IssueDateLiteral} {options.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} #{number.ToString(CultureInfo.InvariantCulture)} ";
        var insert = options.Snippets
            ? head.Replace("$", "\\$", StringComparison.Ordinal) + "${1:Title}, ${2:FirstAuthor}+, ${3:arXiv'" + options.Today.ToString("yy", CultureInfo.InvariantCulture) + "} Summary${4:summary} Comment${0}"
            : head;
        var entry = new CompletionEntry("Issue Date: (new entry)", CompletionKind.NewEntry, $"#{number} dated {options.Today:yyyy-MM-dd}", "new entry", "000000", NewEntryFilterText, replace, insert, options.Snippets);
        return new CompletionResult(false, [entry]);
    }

    private sealed record RankedTags(int Version, KeyValuePair<string, int>[] Tags);

    private sealed record SortedNumbers(int Version, int[] Numbers);
}
