namespace NotesLsp.Syntax;

/// <summary>
/// What, glued after a digit run, makes it a count or a measure rather than an entry number: a counter or unit
/// (<c>・8個の回答</c>, <c>・1つの</c>, <c>・7Bモデル</c>, <c>・2-stepは</c>, <c>・418のtest</c>) or the rest of a number
/// (<c>・1.5倍</c>, <c>・2-3件</c>). Anything else is the text after a reference (<c>・612Self-Refineとの違い</c>).
/// </summary>
internal static class CountSuffixes
{
    // Counters whose first character alone is not one, or whose second character is a kanji that would otherwise
    // make the first one start a word (see CounterKanji).
    private static readonly string[] CounterWords =
        ["時間", "文字", "次元", "種類", "段階", "年間", "日間", "週間", "以上", "以下", "未満", "程度", "通り", "か月", "カ月"];

    private const string CounterKanji = "個件回点倍人名年月日分秒行語種章節段層位割台枚週桁歳度本";

    // A counter kanji followed by another kanji starts a word that notes begin sentences with (回答, 分析, 人間, 日本,
    // 位置, 本研究), except for these, which follow counters: 3回目, 3年前, 2倍以上, 5割弱.
    private const string KanjiAfterCounter = "目前後以未程半弱強超";

    // Orders of magnitude come before a counter: 100万件, 1億個.
    private const string MagnitudeKanji = "万億兆千百";

    // の: in notes "418のtest questions" is a count, and a sentence after a reference does not start with a particle.
    private const string CounterKana = "つヶヵの";

    private const string MeasureSigns = "%％×";

    // Each counts only when no ASCII letter or digit follows it (an optional plural s aside): ・8x but not ・612xLSTM,
    // ・7B but not ・612BERT, ・1st but not ・612structure, ・3T but not ・612T5.
    private static readonly string[] AsciiUnits = ["step", "shot", "bit", "st", "nd", "rd", "th", "x", "X", "k", "K", "M", "B", "G", "T"];

    // "1.5", "1,000", "1/3", "2-3", "3〜5", "1:1": another number follows.
    private const string NumberJoiners = ".,/-~〜～:";

    public static bool MakesACount(ReadOnlySpan<char> afterDigits)
    {
        if (afterDigits.IsEmpty)
        {
            return false;
        }

        var first = afterDigits[0];
        var second = afterDigits.Length > 1 ? afterDigits[1] : '\0';
        if (NumberJoiners.Contains(first) && char.IsAsciiDigit(second))
        {
            return true;
        }

        if (first == '-' && char.IsAsciiLetter(second))
        {
            return true; // 2-step, 3-shot, 4-bit
        }

        if (MeasureSigns.Contains(first) || CounterKana.Contains(first) || MagnitudeKanji.Contains(first))
        {
            return true;
        }

        foreach (var word in CounterWords)
        {
            if (afterDigits.StartsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        if (CounterKanji.Contains(first))
        {
            return !IsKanji(second) || KanjiAfterCounter.Contains(second);
        }

        foreach (var unit in AsciiUnits)
        {
            if (afterDigits.StartsWith(unit, StringComparison.Ordinal) && !WordContinues(afterDigits[unit.Length..]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool WordContinues(ReadOnlySpan<char> rest)
    {
        if (rest.Length > 0 && rest[0] == 's')
        {
            rest = rest[1..];
        }

        return rest.Length > 0 && char.IsAsciiLetterOrDigit(rest[0]);
    }

    private static bool IsKanji(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
