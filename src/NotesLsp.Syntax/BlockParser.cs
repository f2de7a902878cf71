using System.Collections.Concurrent;

namespace NotesLsp.Syntax;

/// <summary>Parses one block's text on its own: the result depends on nothing outside the block.</summary>
public static class BlockParser
{
    private const string SummaryKeyword = "Summary";
    private const string CommentKeyword = "Comment";

    // "・2140上記…" refers to 2140 for sure; fewer digits glued to text may be a count the analysis cannot rule out.
    private const int CertainGluedDigits = 4;

    // A collection uses a few hundred distinct tags on thousands of entries: each name is kept once. Bounded, so
    // random input (fuzzing, a binary file opened by mistake) cannot grow the table without limit.
    private const int MaxSharedTagNames = 1 << 16;
    private static readonly ConcurrentDictionary<string, string> SharedTagNames = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SharedTagNameLookup =
        SharedTagNames.GetAlternateLookup<ReadOnlySpan<char>>();

    public static PrologueSyntax ParsePrologue(ReadOnlyMemory<char> memory)
    {
        var text = memory.Span;
        var tokens = new TokenBuilder();
        var titleEnd = LineBreaks.LineContentEnd(text, 0);
        tokens.Add(SyntaxKind.CategoryTitle, 0, titleEnd);
        var stray = new List<TextSpan>();
        var i = titleEnd;
        while (i < text.Length)
        {
            var terminator = LineBreaks.TerminatorLength(text, i);
            if (terminator > 0)
            {
                tokens.Add(SyntaxKind.Newline, i, i + terminator);
                i += terminator;
                continue;
            }

            var end = LineBreaks.LineContentEnd(text, i);
            if (EntryBoundaries.IsBlank(text[i..end]))
            {
                tokens.Add(SyntaxKind.Whitespace, i, end);
            }
            else
            {
                tokens.Add(SyntaxKind.StrayText, i, end);
                stray.Add(TextSpan.FromBounds(i, end));
            }

            i = end;
        }

        return new PrologueSyntax(memory, tokens.ToTokenList(), TextSpan.FromBounds(0, titleEnd), stray);
    }

    public static EntrySyntax ParseEntry(ReadOnlyMemory<char> memory)
    {
        var text = memory.Span;
        var tokens = new TokenBuilder();
        var anchor = text.IndexOf(EntryBoundaries.IssueDateLiteral, StringComparison.Ordinal);
        if (anchor < 0)
        {
            // Only reachable when a caller hands over a block that is not an entry; keep it lossless.
            var whole = new BodyScanner(text, tokens);
            whole.Scan(0, text.Length, atLineStart: true);
            return new EntrySyntax(memory, tokens.ToTokenList())
            {
                CommentSpan = new TextSpan(0, text.Length),
                References = Exact(whole.References),
                Urls = Exact(whole.Urls),
            };
        }

        var tags = ScanTagList(text, anchor, tokens);
        var k = anchor + EntryBoundaries.IssueDateLiteral.Length;
        tokens.Add(SyntaxKind.IssueDateKeyword, anchor, k);
        var lineEnd = LineBreaks.LineContentEnd(text, k);

        k = SkipBlanks(text, k, lineEnd, tokens);
        TextSpan? dateSpan = null;
        if (k < lineEnd && char.IsAsciiDigit(text[k]))
        {
            var end = RunEnd(text, k, lineEnd);
            dateSpan = TextSpan.FromBounds(k, end);
            tokens.Add(SyntaxKind.Date, k, end);
            k = SkipBlanks(text, end, lineEnd, tokens);
        }

        TextSpan? numberSpan = null;
        int? number = null;
        if (k < lineEnd && text[k] == '#')
        {
            var end = RunEnd(text, k, lineEnd);
            var run = text[(k + 1)..end];
            if (run.ContainsAnyInRange('0', '9'))
            {
                numberSpan = TextSpan.FromBounds(k, end);
                tokens.Add(SyntaxKind.EntryNumber, k, end);
                if (run.Length <= 9 && !run.ContainsAnyExceptInRange('0', '9'))
                {
                    number = int.Parse(run, System.Globalization.CultureInfo.InvariantCulture);
                }

                k = SkipBlanks(text, end, lineEnd, tokens);
            }
        }

        var headerStart = k;
        var summary = FindKeyword(text, SummaryKeyword, headerStart, lineEnd, headerStart);
        var summaryOnNextLine = false;
        if (summary < 0 && lineEnd < text.Length)
        {
            var next = lineEnd + LineBreaks.TerminatorLength(text, lineEnd);
            if (text[next..].StartsWith(SummaryKeyword, StringComparison.Ordinal))
            {
                summary = next;
                summaryOnNextLine = true;
            }
        }

        var comment = summary < 0 ? FindKeyword(text, CommentKeyword, headerStart, lineEnd, headerStart) : -1;
        var headerLimit = summary >= 0 && !summaryOnNextLine ? summary : comment >= 0 ? comment : lineEnd;
        var headerEnd = EntryBoundaries.TrimEndBlanks(text, headerStart, headerLimit);
        var header = ParseHeader(text, headerStart, headerEnd, tokens);
        var entry = new EntryParts();
        tokens.Add(SyntaxKind.Whitespace, headerEnd, headerLimit);

        var body = new BodyScanner(text, tokens);
        var position = headerLimit;
        if (summary >= 0)
        {
            if (summaryOnNextLine)
            {
                body.Scan(position, summary, atLineStart: false);
            }

            entry.SummaryKeywordSpan = new TextSpan(summary, SummaryKeyword.Length);
            tokens.Add(SyntaxKind.SummaryKeyword, summary, summary + SummaryKeyword.Length);
            var summaryTextStart = summary + SummaryKeyword.Length;
            comment = FindKeyword(text, CommentKeyword, summaryTextStart, text.Length, -1);
            var summaryTextEnd = comment >= 0 ? comment : text.Length;
            entry.SummarySpan = TextSpan.FromBounds(summaryTextStart, summaryTextEnd);
            body.Scan(summaryTextStart, summaryTextEnd, atLineStart: true);
            position = summaryTextEnd;
        }
        else if (comment < 0)
        {
            // No keywords at all: whatever follows the header line is the entry's body.
            entry.SummarySpan = new TextSpan(headerLimit, 0);
            entry.CommentSpan = TextSpan.FromBounds(headerLimit, text.Length);
            body.Scan(headerLimit, text.Length, atLineStart: false);
            position = text.Length;
        }
        else
        {
            entry.SummarySpan = new TextSpan(headerLimit, 0);
        }

        if (comment >= 0)
        {
            entry.CommentKeywordSpan = new TextSpan(comment, CommentKeyword.Length);
            tokens.Add(SyntaxKind.CommentKeyword, comment, comment + CommentKeyword.Length);
            var commentStart = comment + CommentKeyword.Length;
            entry.CommentSpan = TextSpan.FromBounds(commentStart, text.Length);
            body.Scan(commentStart, text.Length, atLineStart: true);
        }
        else if (position < text.Length)
        {
            body.Scan(position, text.Length, atLineStart: false);
        }

        var result = new EntrySyntax(memory, tokens.ToTokenList())
        {
            Tags = Exact(tags),
            TagListSpan = tags.Count == 0 ? new TextSpan(0, 0) : TextSpan.FromBounds(tags[0].Span.Start, tags[^1].Span.End),
            IssueDateKeywordSpan = new TextSpan(anchor, EntryBoundaries.IssueDateLiteral.Length),
            DateSpan = dateSpan,
            NumberSpan = numberSpan,
            Number = number,
            HeaderSpan = TextSpan.FromBounds(headerStart, headerEnd),
            TitleSpan = header.Title,
            AuthorSpan = header.Author,
            VenueSpan = header.Venue,
            YearSpan = header.Year,
            SummaryKeywordSpan = entry.SummaryKeywordSpan,
            SummarySpan = entry.SummarySpan,
            CommentKeywordSpan = entry.CommentKeywordSpan,
            CommentSpan = entry.CommentSpan,
            References = Exact(body.References),
            Urls = Exact(body.Urls),
        };
        return result;
    }

    /// <summary>An array of exactly the items (the parse's lists carry spare capacity, and every entry has three).</summary>
    private static T[] Exact<T>(List<T> items) => items.Count == 0 ? [] : [.. items];

    private static List<TagSyntax> ScanTagList(ReadOnlySpan<char> text, int anchor, TokenBuilder tokens)
    {
        var tags = new List<TagSyntax>();
        var i = 0;
        var lineEnd = Math.Min(anchor, LineBreaks.LineContentEnd(text, 0));
        while (i < anchor)
        {
            var terminator = LineBreaks.TerminatorLength(text, i);
            if (terminator > 0)
            {
                tokens.Add(SyntaxKind.Newline, i, i + terminator);
                i += terminator;
                lineEnd = Math.Min(anchor, LineBreaks.LineContentEnd(text, i));
                continue;
            }

            if (EntryBoundaries.IsBlank(text[i]))
            {
                var end = i;
                while (end < anchor && EntryBoundaries.IsBlank(text[end]))
                {
                    end++;
                }

                tokens.Add(SyntaxKind.Whitespace, i, end);
                i = end;
                continue;
            }

            if (text[i] == '#')
            {
                var rawEnd = lineEnd;
                for (var j = i + 1; j < lineEnd; j++)
                {
                    if (text[j] == '#' && EntryBoundaries.IsBlank(text[j - 1]))
                    {
                        rawEnd = j;
                        break;
                    }
                }

                var end = EntryBoundaries.TrimEndBlanks(text, i + 1, rawEnd);
                tokens.Add(SyntaxKind.Tag, i, end);
                tags.Add(new TagSyntax(TextSpan.FromBounds(i, end), TagName(text[(i + 1)..end])));
                i = end;
                continue;
            }

            var textEnd = i;
            while (textEnd < lineEnd && !EntryBoundaries.IsBlank(text[textEnd]))
            {
                textEnd++;
            }

            tokens.Add(SyntaxKind.Text, i, textEnd);
            i = textEnd;
        }

        return tags;
    }

    /// <summary>
    /// The first <paramref name="keyword"/> in [from, to) that starts a line or follows a blank (or stands at
    /// <paramref name="allowedAt"/>) and is glued to what follows it (not followed by a blank).
    /// </summary>
    private static int FindKeyword(ReadOnlySpan<char> text, string keyword, int from, int to, int allowedAt)
    {
        var i = from;
        while (i < to)
        {
            var rel = text[i..to].IndexOf(keyword, StringComparison.Ordinal);
            if (rel < 0)
            {
                return -1;
            }

            var at = i + rel;
            var after = at + keyword.Length;
            var startsWord = at == allowedAt || at == 0 || EntryBoundaries.IsBlank(text[at - 1]) || LineBreaks.IsLineBreakChar(text[at - 1]);
            var glued = after >= text.Length || !EntryBoundaries.IsBlank(text[after]);
            if (startsWord && glued && after <= to)
            {
                return at;
            }

            i = at + 1;
        }

        return -1;
    }

    private static HeaderParts ParseHeader(ReadOnlySpan<char> text, int start, int end, TokenBuilder tokens)
    {
        var entry = new HeaderParts();
        var parts = new List<TextSpan>();
        var partStart = start;
        for (var i = start; i + 1 < end; i++)
        {
            if (text[i] == ',' && text[i + 1] == ' ')
            {
                parts.Add(TextSpan.FromBounds(partStart, i));
                partStart = i + 2;
                i++;
            }
        }

        parts.Add(TextSpan.FromBounds(partStart, end));

        var venue = -1;
        for (var p = 1; p < parts.Count && venue < 0; p++)
        {
            if (IsVenue(text.Slice(parts[p].Start, parts[p].Length)))
            {
                venue = p;
            }
        }

        for (var p = 1; p < parts.Count && venue < 0; p++)
        {
            if (IsNotAvailable(text.Slice(parts[p].Start, parts[p].Length)))
            {
                venue = p;
            }
        }

        var year = -1;
        if (venue < 0)
        {
            for (var p = parts.Count - 1; p >= 1 && year < 0; p--)
            {
                if (IsYear(text.Slice(parts[p].Start, parts[p].Length)))
                {
                    year = p;
                }
            }
        }

        var anchorPart = venue >= 0 ? venue : year;
        var author = -1;
        if (anchorPart >= 0)
        {
            var j = anchorPart - 1;
            while (j >= 1 && IsNotAvailable(text.Slice(parts[j].Start, parts[j].Length)))
            {
                j--;
            }

            author = j >= 1 ? j : -1;
        }
        else if (parts.Count >= 2 && text[parts[^1].End - 1] == '+')
        {
            author = parts.Count - 1;
        }

        var titleParts = author >= 0 ? author : anchorPart >= 0 ? anchorPart : parts.Count;
        var titleEnd = parts[titleParts - 1].End;
        entry.Title = TextSpan.FromBounds(start, titleEnd);
        tokens.Add(SyntaxKind.Title, start, titleEnd);
        for (var p = titleParts; p < parts.Count; p++)
        {
            tokens.Add(SyntaxKind.HeaderSeparator, parts[p].Start - 2, parts[p].Start);
            var kind = SyntaxKind.HeaderExtra;
            if (p == author)
            {
                kind = SyntaxKind.Author;
                entry.Author = parts[p];
            }
            else if (p == venue)
            {
                kind = SyntaxKind.Venue;
                entry.Venue = parts[p];
            }
            else if (p == year || (entry.Year is null && p > anchorPart && IsYear(text.Slice(parts[p].Start, parts[p].Length))))
            {
                kind = SyntaxKind.Year;
                entry.Year = parts[p];
            }

            tokens.Add(kind, parts[p].Start, parts[p].End);
        }

        return entry;
    }

    private sealed class HeaderParts
    {
        public TextSpan Title { get; set; }

        public TextSpan? Author { get; set; }

        public TextSpan? Venue { get; set; }

        public TextSpan? Year { get; set; }
    }

    private sealed class EntryParts
    {
        public TextSpan? SummaryKeywordSpan { get; set; }

        public TextSpan SummarySpan { get; set; }

        public TextSpan? CommentKeywordSpan { get; set; }

        public TextSpan CommentSpan { get; set; }
    }

    /// <summary><c>Venue'YY</c>, with any apostrophe the notes use, optionally followed by words (<c>EMNLP'24 Findings</c>).</summary>
    internal static bool IsVenue(ReadOnlySpan<char> part)
    {
        var space = part.IndexOf(' ');
        var word = space < 0 ? part : part[..space];
        if (word.Length < 4)
        {
            return false;
        }

        return word[^3] is '\'' or '’' or '‘' or '`' && char.IsAsciiDigit(word[^2]) && char.IsAsciiDigit(word[^1]);
    }

    private static bool IsNotAvailable(ReadOnlySpan<char> part) => part.SequenceEqual("N_A");

    /// <summary><c>YYYY</c> or <c>YYYY.MM</c>.</summary>
    internal static bool IsYear(ReadOnlySpan<char> part)
    {
        if (part.Length != 4 && part.Length != 7)
        {
            return false;
        }

        for (var i = 0; i < part.Length; i++)
        {
            var ok = i == 4 ? part[i] == '.' : char.IsAsciiDigit(part[i]);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static int SkipBlanks(ReadOnlySpan<char> text, int i, int limit, TokenBuilder tokens)
    {
        var end = i;
        while (end < limit && EntryBoundaries.IsBlank(text[end]))
        {
            end++;
        }

        tokens.Add(SyntaxKind.Whitespace, i, end);
        return end;
    }

    private static int RunEnd(ReadOnlySpan<char> text, int i, int limit)
    {
        while (i < limit && !EntryBoundaries.IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Tokenises free text (summaries, comments): references, URLs, images, footnotes and plain text.</summary>
    private ref struct BodyScanner
    {
        private readonly ReadOnlySpan<char> text;
        private readonly TokenBuilder tokens;

        public BodyScanner(ReadOnlySpan<char> text, TokenBuilder tokens)
        {
            this.text = text;
            this.tokens = tokens;
            References = [];
            Urls = [];
        }

        public List<ReferenceSyntax> References { get; }

        public List<TextSpan> Urls { get; }

        public void Scan(int start, int end, bool atLineStart)
        {
            var i = start;
            var lineStart = atLineStart;
            while (i < end)
            {
                var terminator = LineBreaks.TerminatorLength(text, i);
                if (terminator > 0)
                {
                    var t = Math.Min(i + terminator, end);
                    tokens.Add(SyntaxKind.Newline, i, t);
                    i = t;
                    lineStart = true;
                    continue;
                }

                var lineEnd = Math.Min(end, LineBreaks.LineContentEnd(text, i));
                if (lineStart)
                {
                    i = ScanLineStart(i, lineEnd);
                    lineStart = false;
                }

                ScanInline(i, lineEnd);
                i = lineEnd;
            }
        }

        private int ScanLineStart(int i, int lineEnd)
        {
            var line = text[i..lineEnd];
            if (line.SequenceEqual("image"))
            {
                tokens.Add(SyntaxKind.Image, i, lineEnd);
                return lineEnd;
            }

            if (line.Length >= 2 && line[0] == '・' && char.IsAsciiDigit(line[1]))
            {
                var digits = 1;
                while (digits < line.Length && char.IsAsciiDigit(line[digits]))
                {
                    digits++;
                }

                var count = digits - 1;
                var glued = digits < line.Length && !EntryBoundaries.IsBlank(line[digits]);
                var isCount = glued && count < CertainGluedDigits && CountSuffixes.MakesACount(line[digits..]);
                if (count <= 9 && !isCount)
                {
                    var number = int.Parse(line[1..digits], System.Globalization.CultureInfo.InvariantCulture);
                    var tentative = glued && count < CertainGluedDigits;
                    tokens.Add(SyntaxKind.Reference, i, i + digits);
                    References.Add(new ReferenceSyntax(new TextSpan(i, digits), number, tentative));
                    return i + digits;
                }
            }

            if (line.Length >= 4 && line[0] == '[' && line[1] == '^')
            {
                var close = line.IndexOf("]:", StringComparison.Ordinal);
                if (close > 2)
                {
                    tokens.Add(SyntaxKind.Footnote, i, i + close + 2);
                    return i + close + 2;
                }
            }

            return i;
        }

        private void ScanInline(int i, int lineEnd)
        {
            while (i < lineEnd)
            {
                var rel = text[i..lineEnd].IndexOf("http", StringComparison.Ordinal);
                if (rel < 0)
                {
                    tokens.Add(SyntaxKind.Text, i, lineEnd);
                    return;
                }

                var at = i + rel;
                var urlEnd = UrlEnd(at, lineEnd);
                if (urlEnd < 0)
                {
                    tokens.Add(SyntaxKind.Text, i, at + 4);
                    i = at + 4;
                    continue;
                }

                tokens.Add(SyntaxKind.Text, i, at);
                tokens.Add(SyntaxKind.Url, at, urlEnd);
                Urls.Add(TextSpan.FromBounds(at, urlEnd));
                i = urlEnd;
            }
        }

        /// <summary>End of a URL starting at <paramref name="at"/>, or -1. URLs run over printable ASCII.</summary>
        private int UrlEnd(int at, int lineEnd)
        {
            var rest = text[at..lineEnd];
            int schemeLength;
            if (rest.StartsWith("https://", StringComparison.Ordinal))
            {
                schemeLength = 8;
            }
            else if (rest.StartsWith("http://", StringComparison.Ordinal))
            {
                schemeLength = 7;
            }
            else
            {
                return -1;
            }

            var end = at + schemeLength;
            while (end < lineEnd && text[end] > ' ' && text[end] < 0x7F)
            {
                // Notes glue URLs together ("…-Qhttps://…"): a new scheme starts a new URL.
                if (end > at + schemeLength && text[end] == 'h' && IsSchemeAt(end, lineEnd))
                {
                    break;
                }

                end++;
            }

            while (end > at + schemeLength && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"')
            {
                end--;
            }

            if (end > at + schemeLength && text[end - 1] == ')' && !text[at..end].Contains('('))
            {
                end--;
            }

            return end > at + schemeLength ? end : -1;
        }

        private bool IsSchemeAt(int i, int lineEnd)
        {
            var rest = text[i..lineEnd];
            return rest.StartsWith("https://", StringComparison.Ordinal) || rest.StartsWith("http://", StringComparison.Ordinal);
        }
    }

    private sealed class TokenBuilder
    {
        private readonly List<SyntaxToken> tokens = new(32);

        public void Add(SyntaxKind kind, int start, int end)
        {
            if (end <= start)
            {
                return;
            }

            // Adjacent plain tokens of one kind merge so that the token stream does not depend on how the scan was split.
            if (tokens.Count > 0 && (kind is SyntaxKind.Text or SyntaxKind.Whitespace))
            {
                var last = tokens[^1];
                if (last.Kind == kind && last.End == start)
                {
                    tokens[^1] = new SyntaxToken(kind, last.Start, end - last.Start);
                    return;
                }
            }

            tokens.Add(new SyntaxToken(kind, start, end - start));
        }

        public TokenList ToTokenList() => TokenList.From(tokens);
    }

    private static string TagName(ReadOnlySpan<char> name)
    {
        if (SharedTagNameLookup.TryGetValue(name, out var shared))
        {
            return shared;
        }

        var created = name.ToString();
        if (SharedTagNames.Count < MaxSharedTagNames)
        {
            SharedTagNames.TryAdd(created, created);
        }

        return created;
    }
}
