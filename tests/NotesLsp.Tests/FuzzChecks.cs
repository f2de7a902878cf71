using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// The invariants every input must keep, shared by the property tests and the coverage-guided fuzzer
/// (tests/NotesLsp.Fuzz): parsing never throws, the tree gives back the text, rules run, positions map back
/// and forth, and after each edit of an edit script the incremental tree equals a full parse.
/// Violations throw <see cref="FuzzFailure"/>.
/// </summary>
public static class FuzzChecks
{
    private static readonly string[] Pieces =
    [
        "#", " #", "#NLP ", "Issue Date:", "Issue Date: 2025-01-01 ", "\n", "\r\n", "\r", " ", "・", "・1234", "Summary", " Comment",
        "😀", "日本", "\uD800", "\uDC00", "\0", ", ", "ACL'24", "https://x.com/#a", "[^1]: ", "image\n",
        " Issue Date: 2026-04-17 #5301 ", "\u3000Issue Date: 2026-4-7 ", "-17", "・612Self", "・8個", "・2-step",
    ];

    /// <summary>Turns fuzzer bytes into text: mostly UTF-8, but a leading 0xFF byte selects raw UTF-16 (lone surrogates, NUL).</summary>
    public static string TextFromBytes(ReadOnlySpan<byte> data)
    {
        if (data.Length > 0 && data[0] == 0xFF)
        {
            var chars = new char[(data.Length - 1) / 2];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(data[1 + (2 * i)] | (data[2 + (2 * i)] << 8));
            }

            return new string(chars);
        }

        return System.Text.Encoding.UTF8.GetString(data);
    }

    /// <summary>Checks <paramref name="text"/> and then applies an edit script derived from <paramref name="script"/>.</summary>
    public static void Check(string text, ReadOnlySpan<byte> script)
    {
        var doc = NoteDocument.Parse(text);
        CheckDocument(doc, text);
        IncrementalMismatch? mismatch = null;
        var check = new IncrementalSelfCheck(enabled: true, m => mismatch = m);
        for (var i = 0; i + 3 < script.Length && i < 64; i += 4)
        {
            var start = text.Length == 0 ? 0 : script[i] * (text.Length + 1) / 256;
            var length = Math.Min(script[i + 1] % 32, text.Length - start);
            var insert = script[i + 2] < 128 ? Pieces[script[i + 3] % Pieces.Length] : string.Empty;
            if (script[i + 2] >= 192)
            {
                insert = text.Substring(start, Math.Min(text.Length - start, script[i + 3]));
            }

            text = string.Concat(text.AsSpan(0, start), insert, text.AsSpan(start + length));
            doc = doc.WithChange(new TextChange(new TextSpan(start, length), insert), check);
            if (mismatch is { } m)
            {
                throw new FuzzFailure($"incremental parse differs from full parse after edit {i / 4} ({start}+{length} → {Escape(insert)}): {m.Difference}");
            }

            CheckDocument(doc, text);
        }
    }

    private static void CheckDocument(NoteDocument doc, string text)
    {
        if (doc.GetText() != text)
        {
            throw new FuzzFailure("the tree's text differs from the input");
        }

        var covered = 0;
        foreach (var block in doc.Blocks())
        {
            if (Block.TilingError(block.Tokens, block.Length) is { } error)
            {
                throw new FuzzFailure($"tokens do not tile their block: {error}");
            }

            covered += block.Length;
        }

        if (covered != text.Length)
        {
            throw new FuzzFailure("blocks do not cover the text");
        }

        var workspace = new Workspace();
        workspace.Set("fuzz", doc);
        foreach (var d in workspace.Diagnostics("fuzz"))
        {
            if (d.Span.Start < 0 || d.Span.End > text.Length || d.Message.Length == 0)
            {
                throw new FuzzFailure($"diagnostic {d.Code} has a bad range {d.Span}");
            }
        }

        var step = Math.Max(1, text.Length / 200);
        for (var offset = 0; offset <= text.Length; offset += step)
        {
            var insideCrLf = offset > 0 && offset < text.Length && text[offset - 1] == '\r' && text[offset] == '\n';
            var back = doc.OffsetOf(doc.PositionOf(offset));
            if (!insideCrLf && back != offset)
            {
                throw new FuzzFailure($"offset {offset} → {doc.PositionOf(offset)} → {back}");
            }
        }
    }

    private static string Escape(string s) => string.Concat(s.Select(c => c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}

public sealed class FuzzFailure(string message) : Exception(message);
