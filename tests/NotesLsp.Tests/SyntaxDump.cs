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

            sb.Append('|').AppendJoin(string.Empty, IncrementalSelfCheck.FieldsOf(block).Select(f => $" {f.Name}={f.Value}"));
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
            Assert.Null(Block.TilingError(block.Tokens, block.Length));
            foreach (var t in block.Tokens)
            {
                sb.Append(block.Text.Span.Slice(t.Start, t.Length));
            }
        }

        Assert.Equal(expectedText, sb.ToString());
        Assert.Equal(expectedText, doc.GetText());
        Assert.Equal(expectedText.Length, doc.Length);
    }
}
