using System.Globalization;
using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>
/// The same content as a note dump, rendered as Markdown for the peer server: one heading per entry
/// (<c>## NNNN Title</c>), the tags as text, the summary and the comment as paragraphs, and every <c>・NNNN</c>
/// reference as a link to the entry's heading anchor. Anchors are written as the placeholder <c>#@ref-NNNN</c>:
/// the Node client replaces each by the slug that the Markdown server itself computes for that heading (with the
/// server's own slugifier), or by <c>#missing-NNNN</c> for a number no entry has (a broken link, like NL011).
/// </summary>
public static class MarkdownRendering
{
    /// <summary>The Markdown text and, per entry (document order), the 0-based line of its <c>**Summary**</c> paragraph.</summary>
    public static (string Markdown, IReadOnlyList<int> SummaryLines) Render(NoteDocument document)
    {
        var builder = new StringBuilder(document.Length + (document.EntryCount * 64));
        var summaryLines = new List<int>(document.EntryCount);
        var line = 0;
        void Line(string text)
        {
            builder.Append(text).Append('\n');
            line++;
        }

        Line("# " + document.Prologue.Title.Trim());
        Line(string.Empty);
        foreach (var entry in document.Entries())
        {
            var e = entry.Syntax;
            var number = e.Number?.ToString(CultureInfo.InvariantCulture) ?? "0";
            Line($"## {number} {Escape(OneLine(e.Title))}");
            Line(string.Empty);
            Line("Tags: " + string.Join(' ', e.Tags.Where(t => t.Name.Length > 0).Select(t => "#" + t.Name)));
            Line(string.Empty);
            Line($"Issue Date: {e.DateText} · {Escape(OneLine(e.Header))}");
            Line(string.Empty);
            summaryLines.Add(line);
            Line(SummaryPrefix + Escape(OneLine(e.GetText(e.SummarySpan))));
            Line(string.Empty);
            var comment = WithLinks(e, e.CommentSpan).ReplaceLineEndings("\n").TrimEnd();
            if (comment.Length > 0)
            {
                var lines = comment.Split('\n');
                Line("**Comment** " + lines[0]);
                foreach (var l in lines.Skip(1))
                {
                    Line(l);
                }

                Line(string.Empty);
            }
        }

        return (builder.ToString(), summaryLines);
    }

    /// <summary>Where the summary text starts on its line (edits go there).</summary>
    public const string SummaryPrefix = "**Summary** ";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// Brackets are escaped: titles such as <c>[Paper Note] …</c> would otherwise be shortcut reference links without
    /// a definition, and the Markdown server would report each one (the note dump has no such diagnostic).
    /// </summary>
    private static string Escape(ReadOnlySpan<char> text) =>
        text.ToString().Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);

    private static string WithLinks(EntrySyntax e, TextSpan span)
    {
        var text = new StringBuilder();
        var position = span.Start;
        foreach (var r in e.References.Where(r => r.Span.Start >= span.Start && r.Span.End <= span.End).OrderBy(r => r.Span.Start))
        {
            text.Append(Escape(e.Text.Span[position..r.NumberSpan.Start]));
            var digits = r.Number.ToString(CultureInfo.InvariantCulture);
            text.Append('[').Append(digits).Append("](#@ref-").Append(digits).Append(')');
            position = r.NumberSpan.End;
        }

        text.Append(Escape(e.Text.Span[position..span.End]));
        return text.ToString();
    }
}
