using System.Globalization;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/completion</c>: after <c>#</c> in a tag list, every tag of the workspace ranked by use; after
/// <c>・</c>, the entry numbers that start with the digits typed, with their titles. The item's text edit replaces
/// what was typed since the trigger.
/// </summary>
public static class CompletionHandler
{
    public const char ReferenceBullet = '・';

    public const int MaxNumberItems = 100;

    public static CompletionList? Complete(DocumentStore store, string key, NoteDocument document, Position position)
    {
        _ = key;
        var offset = store.Encoder.ToOffset(document, position);
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
            return Numbers(store, document, TextSpan.FromBounds(lineStart + digits, offset));
        }

        var hash = before.LastIndexOf('#');
        if (hash >= 0 && IsTagContext(document, lineStart, hash, before))
        {
            return Tags(store, document, TextSpan.FromBounds(lineStart + hash + 1, offset));
        }

        return null;
    }

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

    private static CompletionList Tags(DocumentStore store, NoteDocument document, TextSpan replace)
    {
        var range = store.Encoder.ToRange(document, replace);
        var ranked = store.Workspace.TagCounts.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var items = new CompletionItem[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            var (tag, count) = ranked[i];
            items[i] = new CompletionItem
            {
                Label = tag,
                Kind = Lsp.CompletionKindEnumMember,
                Detail = count.ToString(CultureInfo.InvariantCulture),
                LabelDetails = new CompletionItemLabelDetails(null, count == 1 ? "1 entry" : $"{count} entries"),
                SortText = i.ToString("D6", CultureInfo.InvariantCulture),
                FilterText = tag,
                TextEdit = new TextEdit(range, tag),
            };
        }

        return new CompletionList(IsIncomplete: false, items);
    }

    /// <summary>
    /// Entry numbers that start with the digits typed so far, most recent first, at most <see cref="MaxNumberItems"/>:
    /// a dump has thousands, and the list is marked incomplete so the client asks again as more digits come.
    /// </summary>
    private static CompletionList Numbers(DocumentStore store, NoteDocument document, TextSpan replace)
    {
        var range = store.Encoder.ToRange(document, replace);
        var typed = document.GetText(replace);
        var items = new List<CompletionItem>();
        var incomplete = false;
        Span<char> digits = stackalloc char[11];
        foreach (var (number, title) in store.Numbers())
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
            items.Add(new CompletionItem
            {
                Label = text,
                Kind = Lsp.CompletionKindReference,
                Detail = title,
                LabelDetails = new CompletionItemLabelDetails(null, title),
                SortText = items.Count.ToString("D6", CultureInfo.InvariantCulture),
                FilterText = text,
                TextEdit = new TextEdit(range, text),
            });
        }

        return new CompletionList(incomplete, items);
    }
}
