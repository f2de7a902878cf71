using System.Collections.Concurrent;
using System.Diagnostics;
using CsCheck;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// The parser's invariants, asserted where they are built: a block's tokens tile it, and an incremental parse equals a
/// full parse of the same text (<see cref="IncrementalSelfCheck"/>).
/// </summary>
public class InvariantTests
{
    [Theory]
    [MemberData(nameof(TestData.CorpusNames), MemberType = typeof(TestData))]
    public void Self_check_compares_every_random_edit_on_the_corpus_and_finds_no_mismatch(string name)
    {
        var source = TestData.Read(Path.Combine(TestData.CorpusDir, name));
        var mismatches = new ConcurrentQueue<IncrementalMismatch>();
        var check = new IncrementalSelfCheck(enabled: true, mismatches.Enqueue);
        long edits = 0;
        IncrementalParsingTests.Edit(source).Array[1, 20].Sample(sample =>
        {
            var text = source;
            var doc = NoteDocument.Parse(text);
            foreach (var (position, deleteLength, insert) in sample)
            {
                var start = (int)((long)position * text.Length / 1000);
                var change = new TextChange(new TextSpan(start, Math.Min(deleteLength, text.Length - start)), insert);
                text = string.Concat(text.AsSpan(0, start), insert, text.AsSpan(change.Span.End));
                doc = doc.WithChange(change, check);
                Interlocked.Increment(ref edits);
                Assert.Equal(text, doc.GetText());
            }
        }, iter: 40, seed: null);

        Assert.Empty(mismatches.Select(m => m.Edit + ": " + m.Difference));
        Assert.Equal(0, check.MismatchesFound);
        Assert.True(check.ChecksPerformed > 0, "the self-check never ran");
        Assert.Equal(Interlocked.Read(ref edits), check.ChecksPerformed);
    }

    [Fact]
    public void A_disabled_self_check_compares_nothing()
    {
        var check = new IncrementalSelfCheck(enabled: false, _ => Assert.Fail("a disabled check reported a mismatch"));
        var doc = NoteDocument.Parse(TestData.Read(TestData.SeedFile));
        _ = doc.WithChange(new TextChange(new TextSpan(doc.Length / 2, 0), "x"), check);
        Assert.Equal(0, check.ChecksPerformed);
    }

    public static TheoryData<string, string, string> DifferentDocuments() => new()
    {
        // An entry boundary moves: one block fewer.
        { "T\n#a Issue Date: 2025-01-01 #1 A, B+, ACL'24\n#b Issue Date: 2025-01-02 #2 C\n", "T\n#a Issue Date: 2025-01-01 #1 A, B+, ACL'24\n#b Issue Date; 2025-01-02 #2 C\n", "3 blocks over 76 chars expected, 2" },
        // Same blocks and lengths, the tokens differ (a keyword becomes text).
        { "T\n#a Issue Date: 2025-01-01 #1 A Summarys Commentc\n", "T\n#a Issue Date: 2025-01-01 #1 A Summarys Commenxc\n", "block 1 at 2: token" },
        // Same tokens, an entry field differs (the entry number).
        { "T\n#a Issue Date: 2025-01-01 #12 A\n", "T\n#a Issue Date: 2025-01-01 #13 A\n", "block 1 at 2: number: [26..29)12 expected, [26..29)13 found" },
        // Only the prologue differs.
        { "Title\n", "Other\n", "text differs" },
    };

    [Theory]
    [MemberData(nameof(DifferentDocuments))]
    public void The_checker_finds_a_difference_between_two_documents_that_differ(string expected, string actual, string what)
    {
        var difference = IncrementalSelfCheck.FirstDifference(NoteDocument.Parse(expected), NoteDocument.Parse(actual));
        Assert.NotNull(difference);
        Assert.Contains(what, difference, StringComparison.Ordinal);
        Assert.Null(IncrementalSelfCheck.FirstDifference(NoteDocument.Parse(expected), NoteDocument.Parse(expected)));
    }

    /// <summary>
    /// What a bug in the incremental parse could produce: the right text, wrongly cut. The last two entries of
    /// <paramref name="text"/> parsed as one block.
    /// </summary>
    private static NoteDocument WronglyCut(string text)
    {
        var right = NoteDocument.Parse(text);
        var blocks = right.Blocks().ToList();
        var (a, b) = (right.EntryByIndex(right.BlockCount - 2), right.EntryByIndex(right.BlockCount - 1));
        blocks[^2] = BlockParser.ParseEntry(text.AsMemory(a.Start, a.Syntax.Length + b.Syntax.Length));
        blocks.RemoveAt(blocks.Count - 1);
        var wrong = NoteDocument.FromBlocks(blocks);
        Assert.Equal(text, wrong.GetText());
        return wrong;
    }

    [Fact]
    public void A_mismatch_is_reported_with_its_edit_and_recovered_by_the_full_parse()
    {
        var mismatches = new List<IncrementalMismatch>();
        var check = new IncrementalSelfCheck(enabled: true, mismatches.Add);
        var old = NoteDocument.Parse("T\n#a Issue Date: 2025-01-01 #1 A\n");
        var change = new TextChange(new TextSpan(old.Length, 0), "#b Issue Date: 2025-01-02 #2 B\n");
        var text = old.GetText() + change.NewText;

        var used = check.Verify(old, change, WronglyCut(text));

        Assert.Equal(SyntaxDump.Of(NoteDocument.Parse(text)), SyntaxDump.Of(used));
        var mismatch = Assert.Single(mismatches);
        Assert.Equal(change, mismatch.Change);
        Assert.Equal(old.Length, mismatch.OldLength);
        Assert.Equal($"[{old.Length}..{old.Length}) of {old.Length} → \"#b Issue Date: 2025-01-02 #2 B\\n\" (31 chars)", mismatch.Edit);
        Assert.StartsWith("3 blocks over", mismatch.Difference, StringComparison.Ordinal);
        Assert.Equal((1, 1), (check.ChecksPerformed, check.MismatchesFound));
    }

    [Fact]
    public void A_mismatch_without_a_listener_still_recovers()
    {
        var check = new IncrementalSelfCheck(enabled: true);
        var text = TestData.Read(TestData.SeedFile);
        var used = check.Verify(NoteDocument.Parse(text), new TextChange(new TextSpan(0, 0), string.Empty), WronglyCut(text));
        Assert.Equal(SyntaxDump.Of(NoteDocument.Parse(text)), SyntaxDump.Of(used));
        Assert.Equal(1, check.MismatchesFound);
    }

    [Fact]
    public void A_wrongly_spliced_text_is_a_mismatch_too()
    {
        var check = new IncrementalSelfCheck(enabled: true);
        var old = NoteDocument.Parse("T\n#a Issue Date: 2025-01-01 #1 A Summaryabc\n");
        var change = new TextChange(new TextSpan(old.Length - 2, 0), "x");
        var spliced = NoteDocument.Parse(old.GetText()[..^2] + "y" + old.GetText()[^2..]);

        var used = check.Verify(old, change, spliced);

        Assert.Equal(1, check.MismatchesFound);
        Assert.Equal("T\n#a Issue Date: 2025-01-01 #1 A Summaryabxc\n", used.GetText());
    }

    [Fact]
    public void A_long_edit_is_named_shortened()
    {
        var mismatch = new IncrementalMismatch(new TextChange(new TextSpan(3, 2), new string('x', 100) + "\r\n"), 10, "d");
        Assert.Equal($"[3..5) of 10 → \"{new string('x', 40)}…\" (102 chars)", mismatch.Edit);
    }

    [Theory]
    [InlineData(null, false, false)]
    [InlineData(null, true, true)]
    [InlineData("1", false, true)]
    [InlineData(" true ", false, true)]
    [InlineData("0", true, false)]
    [InlineData("FALSE", true, false)]
    [InlineData("yes", false, false)]
    [InlineData("", true, true)]
    public void The_environment_variable_switches_the_check(string? value, bool debugBuild, bool enabled) =>
        Assert.Equal(enabled, IncrementalSelfCheck.IsEnabled(value, debugBuild));

    [Fact]
    public void The_default_check_is_on_in_debug_builds_unless_switched_off()
    {
        var value = Environment.GetEnvironmentVariable(IncrementalSelfCheck.EnvironmentVariable);
        Assert.Equal(IncrementalSelfCheck.IsEnabled(value, IncrementalSelfCheck.IsDebugBuild), IncrementalSelfCheck.Default.Enabled);
#if DEBUG
        Assert.True(IncrementalSelfCheck.IsDebugBuild);
#else
        Assert.False(IncrementalSelfCheck.IsDebugBuild);
#endif
    }

    public static TheoryData<SyntaxToken[], int, string> BrokenTilings() => new()
    {
        { [new(SyntaxKind.Text, 0, 2), new(SyntaxKind.Text, 3, 2)], 5, "gap before token 1" },
        { [new(SyntaxKind.Text, 0, 3), new(SyntaxKind.Tag, 2, 3)], 5, "overlaps" },
        { [new(SyntaxKind.Text, 1, 4)], 5, "gap before token 0" },
        { [new(SyntaxKind.Text, 0, 0), new(SyntaxKind.Text, 0, 5)], 5, "empty" },
        { [new(SyntaxKind.Text, 0, 4)], 5, "end at 4, the block at 5" },
        { [new(SyntaxKind.Text, 0, 6)], 5, "end at 6, the block at 5" },
        { [], 5, "end at 0" },
    };

    [Theory]
    [MemberData(nameof(BrokenTilings))]
    public void The_tiling_check_names_a_gap_an_overlap_or_a_wrong_end(SyntaxToken[] tokens, int length, string expected)
    {
        Assert.Contains(expected, Block.TilingError(tokens, length), StringComparison.Ordinal);
        Assert.Contains(expected, Block.TilingError(TokenList.From(tokens), length), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_corpus_block_is_tiled_by_its_tokens()
    {
        Assert.Null(Block.TilingError([], 0));
        foreach (var path in TestData.RealDumps)
        {
            foreach (var block in NoteDocument.Parse(TestData.Read(path)).Blocks())
            {
                Assert.Null(Block.TilingError(block.Tokens, block.Length));
            }
        }
    }

    [Fact]
    public void Building_a_block_from_tokens_that_do_not_tile_it_fails_in_debug_builds()
    {
        var broken = TokenList.From([new SyntaxToken(SyntaxKind.Text, 0, 2)]);
#if DEBUG
        var e = Assert.Throws<UnreachableException>(() => new EntrySyntax("abc".AsMemory(), broken));
        Assert.Contains("the tokens end at 2, the block at 3", e.Message, StringComparison.Ordinal);
#else
        // Release builds do not pay for the check: the block is built as it is.
        Assert.Single(new EntrySyntax("abc".AsMemory(), broken).Tokens);
#endif
    }
}
