using CsCheck;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>CI-sized fuzzing: random and structured inputs through <see cref="FuzzChecks"/>. Longer runs: tests/NotesLsp.Fuzz.</summary>
public class FuzzTests
{
    [Fact]
    public void Random_bytes_and_edit_scripts_keep_every_invariant() =>
        Gen.Byte.Array[0, 600].Select(Gen.Byte.Array[0, 64]).Sample((data, script) => FuzzChecks.Check(FuzzChecks.TextFromBytes(data), script), iter: 3000);

    [Fact]
    public void Raw_utf16_with_lone_surrogates_and_nul_keeps_every_invariant() =>
        Gen.Char["\uD83D\uDE00\0# \n\r・1ISC"].Array[0, 200]
           .Select(Gen.Byte.Array[0, 64])
           .Sample((chars, script) => FuzzChecks.Check(new string(chars), script), iter: 2000);

    [Fact]
    public void Structured_note_like_inputs_keep_every_invariant()
    {
        var piece = Gen.OneOfConst(
            "#NLP ", "#Supervised-FineTuning (SFT) ", "# ", "\n", " ", "Issue Date: ", "2025-02-30 ", "2025-8-6 ", "#4321 ", "#12a ",
            "Title, Author+, ICLR'25", " Summaryテキスト", " Comment", "・2140上記", "\n・643\n", "https://x.com/a#b ", "😀", "\r\n", "N_A, ",
            "を示した。 Issue Date: 2026-04-17 ", "\u3000Issue Date: 2026-4-7 ", "\n・612Self-Refineとの違い", "\n・8個の回答", "\n・2-stepは", "\n・418のtest");
        piece.Array[0, 60].Select(string.Concat).Select(Gen.Byte.Array[0, 64])
           .Sample((text, script) => FuzzChecks.Check("Cat\n\n" + text, script), iter: 2000);
    }

    [Fact]
    public void Pathological_sizes_do_not_break_the_parser()
    {
        var oneMegabyteLine = "Cat\n\n#NLP Issue Date: 2025-01-01 T, A+, ACL'24 Summary" + new string('あ', 1 << 20) + "\n";
        var manyTags = "Cat\n\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"#t{i} ")) + "Issue Date: 2025-01-01 T, A+, ACL'24 Summaryx\n";
        var hashes = "Cat\n\n" + new string('#', 200_000) + " Issue Date: 2025-01-01 T, A+, ACL'24 Summaryx\n";
        var bullets = "Cat\n\n#A Issue Date: 2025-01-01 T, A+, ACL'24 Summaryx Comment" + string.Concat(Enumerable.Repeat("\n・1", 100_000));
        var anchors = "Cat\n\n" + string.Concat(Enumerable.Repeat("Issue Date:", 100_000)) + "\n" + string.Concat(Enumerable.Repeat("#x Issue Date: \n", 50_000));
        foreach (var text in new[] { oneMegabyteLine, manyTags, hashes, bullets, anchors })
        {
            FuzzChecks.Check(text, [128, 0, 10, 5, 255, 3, 0, 7, 0, 31, 200, 9]);
        }

        var tags = NoteDocument.Parse(manyTags).Entries().Single().Syntax.Tags;
        Assert.Equal(100_000, tags.Count);
        // The first line is one run of anchors glued without blanks: only its first one starts an entry.
        Assert.Equal(50_001, NoteDocument.Parse(anchors).EntryCount);
    }
}
