using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>A canonical text form of a whole document's syntax: two documents are the same tree iff their dumps are equal.</summary>
public static class SyntaxDump
{
    public static string Of(NoteDocument doc)
    {
        var sb = new StringBuilder();
        var start = 0;
        foreach (var block in doc.Blocks())
        {
            sb.Append(block is EntrySyntax ? "E@" : "P@").Append(start).Append('+').Append(block.Length).Append(' ');
            foreach (var t in block.Tokens)
            {
                sb.Append(t.Kind).Append(':').Append(t.Start).Append('+').Append(t.Length).Append(' ');
            }

            if (block is EntrySyntax e)
            {
                sb.Append("| tags=").AppendJoin(",", e.Tags.Select(t => t.Name + t.Span))
                  .Append(" date=").Append(e.DateSpan).Append(" num=").Append(e.NumberSpan).Append(e.Number)
                  .Append(" header=").Append(e.HeaderSpan).Append(" title=").Append(e.TitleSpan)
                  .Append(" author=").Append(e.AuthorSpan).Append(" venue=").Append(e.VenueSpan).Append(" year=").Append(e.YearSpan)
                  .Append(" sum=").Append(e.SummaryKeywordSpan).Append(e.SummarySpan)
                  .Append(" com=").Append(e.CommentKeywordSpan).Append(e.CommentSpan)
                  .Append(" refs=").AppendJoin(",", e.References.Select(r => r.Number + (r.Tentative ? "?" : string.Empty) + r.Span))
                  .Append(" urls=").AppendJoin(",", e.Urls);
            }
            else if (block is PrologueSyntax p)
            {
                sb.Append("| title=").Append(p.TitleSpan).Append(" stray=").AppendJoin(",", p.StrayLines);
            }

            sb.Append('\n');
            start += block.Length;
        }

        return sb.ToString();
    }

    /// <summary>Every character belongs to exactly one token, tokens are in order, and the tokens' text is the block's text.</summary>
    public static void AssertLossless(NoteDocument doc, string expectedText)
    {
        var sb = new StringBuilder();
        foreach (var block in doc.Blocks())
        {
            var position = 0;
            foreach (var t in block.Tokens)
            {
                Assert.True(t.Start == position && t.Length > 0, $"token {t} at {position} in block of length {block.Length}");
                sb.Append(block.Text.Span.Slice(t.Start, t.Length));
                position = t.End;
            }

            Assert.Equal(block.Length, position);
        }

        Assert.Equal(expectedText, sb.ToString());
        Assert.Equal(expectedText, doc.GetText());
        Assert.Equal(expectedText.Length, doc.Length);
    }
}
