using System.Text;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>Markdown to show for what the caret is on, and the span it describes.</summary>
public readonly record struct HoverResult(string Markdown, TextSpan Span);

/// <summary>
/// Hover: on <c>・NNNN</c>, the entry (title, date, tags, the dumps keeping it, the start of its summary); on a tag, how
/// many entries carry it; on an entry's header, its backlinks and the dumps that keep it.
/// </summary>
public static class HoverInfo
{
    private const int SummaryChars = 280;

    public static HoverResult? At(Workspace workspace, string key, int offset)
    {
        if (workspace.Get(key) is not { } document)
        {
            return null;
        }

        var at = Lookup.At(workspace, document, offset);
        if (at.Entry is not { } entry)
        {
            return null;
        }

        if (at.Reference is { } reference)
        {
            return new HoverResult(EntryMarkdown(workspace, reference.Number, key), entry.Absolute(reference.Span));
        }

        if (at.Tag is { Name.Length: > 0 } tag)
        {
            var count = workspace.TagCounts.GetValueOrDefault(tag.Name);
            var text = new StringBuilder($"**#{Escape(tag.Name)}** — carried by {Entries(count)} in the workspace");
            if (workspace.NearMissOf(tag.Name) is { } target)
            {
                text.Append($"\n\nDid you mean **#{Escape(target)}** (carried by {Entries(workspace.TagCounts.GetValueOrDefault(target))})?");
            }

            return new HoverResult(text.ToString(), entry.Absolute(tag.Span));
        }

        if (at.OnHeader && entry.Syntax.Number is { } number)
        {
            var backlinks = workspace.References(number).Count();
            var dumps = workspace.DocumentsDefining(number).Select(Path.GetFileName).ToList();
            var text = $"**#{number}** — {(backlinks == 1 ? "1 backlink" : $"{backlinks} backlinks")} (`・{number}`) · kept in {Dumps(dumps)}";
            return new HoverResult(text, Lookup.HeaderTarget(entry));
        }

        return null;
    }

    /// <summary>The entry's card: title, date, number, tags, the dumps that keep it and the start of its summary.</summary>
    public static string EntryMarkdown(Workspace workspace, int number, string? preferred)
    {
        if (Copies.Representative(workspace, number, preferred) is not { } copy)
        {
            return $"No entry **#{number}** in the workspace.";
        }

        var e = copy.Entry.Syntax;
        var text = new StringBuilder();
        text.Append($"**{Escape(e.Title)}**\n\n");
        text.Append($"{e.DateText ?? "(no date)"} · #{number}");
        var tags = workspace.TagsOf(number).Order(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            text.Append(" · ").AppendJoin(' ', tags.Select(t => $"`#{t}`"));
        }

        var dumps = workspace.DocumentsDefining(number).Select(Path.GetFileName).ToList();
        text.Append("\n\nKept in ").Append(Dumps(dumps));
        var summary = e.GetText(e.SummarySpan).Trim();
        if (summary.Length > 0)
        {
            var cut = summary.Length > SummaryChars ? summary[..(char.IsHighSurrogate(summary[SummaryChars - 1]) ? SummaryChars - 1 : SummaryChars)].TrimEnd() + "…" : summary;
            text.Append("\n\n> ").Append(Escape(cut.ReplaceLineEndings(" ")));
        }

        return text.ToString();
    }

    /// <summary>Escapes the Markdown characters that would change how a title or tag renders.</summary>
    public static string Escape(string? text)
    {
        var builder = new StringBuilder(text?.Length ?? 0);
        foreach (var c in text ?? string.Empty)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Entries(int count) => count == 1 ? "1 entry" : $"{count} entries";

    private static string Dumps(IReadOnlyList<string?> dumps) =>
        $"{(dumps.Count == 1 ? "1 dump" : $"{dumps.Count} dumps")}: {string.Join(", ", dumps.Take(12).Select(Escape))}{(dumps.Count > 12 ? ", …" : string.Empty)}";
}
