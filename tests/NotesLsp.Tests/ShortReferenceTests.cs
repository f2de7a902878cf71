using System.Text.RegularExpressions;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

/// <summary>
/// <c>・612Self-Refineとの違いは…</c> refers to entry 612; <c>・8個の回答</c> is a count. Digits glued to text are kept
/// out by what follows them, and fewer than four of them that are not a count make a tentative reference.
/// </summary>
public partial class ShortReferenceTests
{
    private const string Entry = "Cat\n\n#NLP Issue Date: 2025-01-01 #1 T, A+, ACL'24 Summaryまとめ Comment関連:\n";

    public enum Expected
    {
        NotAReference,
        Tentative,
        Certain,
    }

    // Every "・" + digits glued to text at the start of a comment line in tests/data/corpus and seeds/, classified by
    // reading each line.
    private static readonly Dictionary<string, Expected> GluedInRealDumps = new(StringComparer.Ordinal)
    {
        ["・8個の回答を持つ55 test questionsを作成"] = Expected.NotAReference,
        ["・418のtest questsionsで、各回答に含まれる"] = Expected.NotAReference,
        ["・2-stepは2つのpromptに分けて実施"] = Expected.NotAReference,
        ["・1つのpromptに多くのi.i.dな出力が含まれる"] = Expected.NotAReference,
        ["・2140上記資料によると、特定の"] = Expected.Certain,
        ["・2649関連: PLaMo翻訳"] = Expected.Certain,
        ["・3052openreview:h"] = Expected.Certain,
        ["・3393ポイント解説:https"] = Expected.Certain,
        ["・3587解説:https://t"] = Expected.Certain,
        ["・3858トークンをセグメントに分"] = Expected.Certain,
        ["・4526流し読みなので誤りがある"] = Expected.Certain,
    };

    [Theory]
    [InlineData("・612Self-Refineとの違いは", Expected.Tentative)]
    [InlineData("・612回答の質", Expected.Tentative)] // 回 starts a word here, not a count
    [InlineData("・612分析では", Expected.Tentative)]
    [InlineData("・612人間による評価", Expected.Tentative)]
    [InlineData("・612日本語での評価", Expected.Tentative)]
    [InlineData("・612本研究では", Expected.Tentative)]
    [InlineData("・612ポイント解説:", Expected.Tentative)]
    [InlineData("・612xLSTM", Expected.Tentative)]
    [InlineData("・612BERTを", Expected.Tentative)]
    [InlineData("・612T5を", Expected.Tentative)]
    [InlineData("・612structure", Expected.Tentative)]
    [InlineData("・612)", Expected.Tentative)]
    [InlineData("・612", Expected.Certain)]
    [InlineData("・612 と比較", Expected.Certain)]
    [InlineData("・89 #MachineLearning", Expected.Certain)]
    [InlineData("・2140上記資料", Expected.Certain)]
    [InlineData("・2024年に", Expected.Certain)] // four digits glued stay certain, whatever follows
    [InlineData("・8個の回答", Expected.NotAReference)]
    [InlineData("・1つの", Expected.NotAReference)]
    [InlineData("・418のtest", Expected.NotAReference)]
    [InlineData("・2-stepは", Expected.NotAReference)]
    [InlineData("・3-shotで", Expected.NotAReference)]
    [InlineData("・4bit量子化", Expected.NotAReference)]
    [InlineData("・5stepsで", Expected.NotAReference)]
    [InlineData("・1.5倍", Expected.NotAReference)]
    [InlineData("・1,000件", Expected.NotAReference)]
    [InlineData("・2-3件", Expected.NotAReference)]
    [InlineData("・3〜5個", Expected.NotAReference)]
    [InlineData("・1/3の", Expected.NotAReference)]
    [InlineData("・10%の改善", Expected.NotAReference)]
    [InlineData("・10％の改善", Expected.NotAReference)]
    [InlineData("・8x高速", Expected.NotAReference)]
    [InlineData("・10×", Expected.NotAReference)]
    [InlineData("・7Bモデル", Expected.NotAReference)]
    [InlineData("・128K context", Expected.NotAReference)]
    [InlineData("・1st", Expected.NotAReference)]
    [InlineData("・3rdパーティ", Expected.NotAReference)]
    [InlineData("・3回目", Expected.NotAReference)]
    [InlineData("・5年前", Expected.NotAReference)]
    [InlineData("・2倍以上", Expected.NotAReference)]
    [InlineData("・5分で", Expected.NotAReference)]
    [InlineData("・3時間", Expected.NotAReference)]
    [InlineData("・3種類の", Expected.NotAReference)]
    [InlineData("・2段階の", Expected.NotAReference)]
    [InlineData("・3ヶ月", Expected.NotAReference)]
    [InlineData("・3か月", Expected.NotAReference)]
    [InlineData("・3層の", Expected.NotAReference)]
    [InlineData("・768次元", Expected.NotAReference)]
    [InlineData("・100万件", Expected.NotAReference)]
    [InlineData("・3本の論文", Expected.NotAReference)]
    [InlineData("・1位", Expected.NotAReference)]
    [InlineData("・5年間", Expected.NotAReference)]
    [InlineData("・612位置埋め込み", Expected.Tentative)]
    public void A_bullet_number_is_a_reference_by_what_follows_it(string line, Expected expected)
    {
        var reference = ReferenceAtLineStart(Entry + line + "\n", Entry.Length);
        Assert.Equal(expected, reference switch
        {
            null => Expected.NotAReference,
            { Tentative: true } => Expected.Tentative,
            _ => Expected.Certain,
        });
        if (reference is not null)
        {
            Assert.Equal(int.Parse(Regex.Match(line, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture), reference.Number);
        }
    }

    [Fact]
    public void A_short_number_right_after_the_comment_keyword_is_tentative_too()
    {
        var text = "Cat\n\n#NLP Issue Date: 2025-01-01 #1 T, A+, ACL'24 Summaryまとめ Comment・612Self-Refineとの違い\n";
        var reference = Assert.Single(NoteDocument.Parse(text).Entries().Single().Syntax.References);
        Assert.Equal((612, true), (reference.Number, reference.Tentative));
    }

    [Fact]
    public void Every_glued_bullet_number_in_the_real_dumps_is_classified()
    {
        var found = new List<string>();
        foreach (var path in TestData.RealDumps)
        {
            var text = TestData.Read(path);
            foreach (Match m in GluedBulletNumber().Matches(text))
            {
                var line = m.Groups["line"].Value;
                var known = GluedInRealDumps.Keys.SingleOrDefault(k => line.StartsWith(k, StringComparison.Ordinal));
                Assert.True(known is not null, $"{Path.GetFileName(path)}: unclassified `{line}`");
                found.Add(known);

                var reference = ReferenceAtLineStart(text, m.Groups["line"].Index);
                var expected = GluedInRealDumps[known];
                Assert.True(expected == Expected.NotAReference ? reference is null : reference is { Tentative: false }, $"{Path.GetFileName(path)}: `{line}` should be {expected}");
            }
        }

        Assert.Equal(GluedInRealDumps.Keys.Order(StringComparer.Ordinal), found.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_count_in_the_real_dumps_becomes_a_reference()
    {
        var counts = 0;
        foreach (var path in TestData.RealDumps)
        {
            var text = TestData.Read(path);
            foreach (Match m in BulletCount().Matches(text))
            {
                counts++;
                Assert.True(ReferenceAtLineStart(text, m.Index) is null, $"{Path.GetFileName(path)}: `{m.Value}` is a count");
            }
        }

        Assert.Equal(4, counts); // ・8個, ・418の, ・2-step, ・1つ
    }

    [Fact]
    public void Real_dumps_hold_certain_references_only_and_four_counts()
    {
        var (certain, tentative) = (0, 0);
        foreach (var path in TestData.RealDumps)
        {
            foreach (var reference in NoteDocument.Parse(TestData.Read(path)).Entries().SelectMany(e => e.Syntax.References))
            {
                if (reference.Tentative)
                {
                    tentative++;
                }
                else
                {
                    certain++;
                }
            }
        }

        // 58 in the corpus (its README), the same 7 + 15 + 3 again in the seeds' copies of three corpus dumps, 6 in the original seed.
        Assert.Equal((58 + 7 + 15 + 3 + 6, 0), (certain, tentative));
    }

    [Fact]
    public void A_real_reference_line_with_a_short_number_makes_a_tentative_reference()
    {
        // ContinualLearning.notes: "・4526流し読みなので誤りがあるかもしれないが、", here pointing at 643, an entry of the corpus.
        var path = Path.Combine(TestData.CorpusDir, "ContinualLearning.notes");
        var real = TestData.Read(path);
        const string Line = "\n・4526流し読みなので誤りがあるかもしれないが、";
        var at = real.IndexOf(Line, StringComparison.Ordinal) + 1;
        Assert.True(at > 0);
        var text = string.Concat(real.AsSpan(0, at + 1), "643", real.AsSpan(at + 5));

        var reference = ReferenceAtLineStart(text, at);
        Assert.NotNull(reference);
        Assert.Equal((643, true), (reference.Number, reference.Tentative));
        Assert.Contains(643, TestData.CorpusNumbers);

        var counted = "\n・8個の回答を持つ55 test questionsを作成";
        Assert.Contains(counted, TestData.Read(Path.Combine(TestData.CorpusDir, "Hallucination.notes")), StringComparison.Ordinal);
        Assert.Null(ReferenceAtLineStart(real.Insert(at - 1, counted), at));
    }

    private static ReferenceSyntax? ReferenceAtLineStart(string text, int offset)
    {
        var doc = NoteDocument.Parse(text);
        var entry = doc.EntryAtOffset(offset)!.Value;
        return entry.Syntax.References.SingleOrDefault(r => entry.Start + r.Span.Start == offset);
    }

    /// <summary>A bullet and digits glued to text, where references stand: at a line start or right after <c>Comment</c>.</summary>
    [GeneratedRegex(@"(?:^|(?<=Comment))(?<line>・\d+[^\d\s].*)$", RegexOptions.Multiline)]
    private static partial Regex GluedBulletNumber();

    /// <summary>A bullet and digits followed by a counter, written independently of the parser's list.</summary>
    [GeneratedRegex(@"(?:^|(?<=Comment))・\d+(?:個|つ|件|回|点|倍|人|名|年|月|日|時間|分|秒|行|文字|語|種|章|節|段|層|位|次元|割|%|％|[xX×kKMBGT](?![A-Za-z0-9])|-?step|-?shot|\.\d|st|nd|rd|th|の)", RegexOptions.Multiline)]
    private static partial Regex BulletCount();
}
