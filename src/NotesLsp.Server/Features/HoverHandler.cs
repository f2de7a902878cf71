using System.Text;
using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary>
/// <c>textDocument/hover</c>: on <c>・NNNN</c>, the entry's title, date, tags, file and the start of its summary; on a
/// tag, how many entries use it; on an entry's header, its backlink count.
/// </summary>
public static class HoverHandler
{
    private const int SummaryChars = 280;

    public static Hover? Hover(DocumentStore store, NoteDocument document, Position position)
    {
        var at = Lookup.At(document, store.Encoder.ToOffset(document, position));
        if (at.Entry is not { } entry)
        {
            return null;
        }

        if (at.Reference is { } reference)
        {
            var range = store.Encoder.ToRange(document, entry.Absolute(reference.Span));
            return new Hover(new MarkupContent(Lsp.Markdown, EntryMarkdown(store, reference.Number)), range);
        }

        if (at.Tag is { Name.Length: > 0 } tag)
        {
            var range = store.Encoder.ToRange(document, entry.Absolute(tag.Span));
            var count = store.Workspace.TagCounts.GetValueOrDefault(tag.Name);
            var text = new StringBuilder($"**#{Escape(tag.Name)}** — used by {count} {(count == 1 ? "entry" : "entries")} in the workspace");
            if (store.Workspace.NearMissOf(tag.Name) is { } target)
            {
                text.Append($"\n\nDid you mean **#{Escape(target)}** (used by {store.Workspace.TagCounts.GetValueOrDefault(target)} entries)?");
            }

            return new Hover(new MarkupContent(Lsp.Markdown, text.ToString()), range);
        }

        if (at.OnHeader && entry.Syntax.Number is { } number)
        {
            // On an entry's own header: how often it is referenced (its backlinks) and where else it is listed.
            var backlinks = store.Workspace.References(number).Count();
            var listed = store.Workspace.Definitions(number).Select(d => Path.GetFileName(d.Document)).Distinct(StringComparer.Ordinal).ToList();
            var text = $"**#{number}** — {(backlinks == 1 ? "1 backlink" : $"{backlinks} backlinks")} (`・{number}`) · listed in {string.Join(", ", listed.Select(Escape))}";
            return new Hover(new MarkupContent(Lsp.Markdown, text), store.Encoder.ToRange(document, Lookup.HeaderTarget(entry)));
        }

        return null;
    }

    public static string EntryMarkdown(DocumentStore store, int number)
    {
        var definitions = store.Workspace.Definitions(number).ToList();
        if (definitions.Count == 0)
        {
            return $"No entry **#{number}** in the workspace.";
        }

        var (key, entry) = (definitions[0].Document, definitions[0].Entry);
        var e = entry.Syntax;
        var text = new StringBuilder();
        text.Append($"**{Escape(e.Title)}**\n\n");
        text.Append($"{e.DateText ?? "(no date)"} · #{number}");
        if (e.Tags.Count > 0)
        {
            text.Append(" · ").AppendJoin(' ', e.Tags.Where(t => t.Name.Length > 0).Select(t => $"`#{t.Name}`"));
        }

        text.Append("\n\n");
        var files = definitions.Select(d => Path.GetFileName(d.Document)).Distinct(StringComparer.Ordinal).ToList();
        text.Append("In ").AppendJoin(", ", files.Select(Escape));
        _ = key;
        var summary = e.GetText(e.SummarySpan).Trim();
        if (summary.Length > 0)
        {
            var cut = summary.Length > SummaryChars ? summary[..SummaryChars].TrimEnd() + "…" : summary;
            text.Append("\n\n> ").Append(Escape(cut.ReplaceLineEndings(" ")));
        }

        return text.ToString();
    }

    /// <summary>Escapes the Markdown characters that would change how a title or tag renders.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
