namespace NotesLsp.Syntax;

/// <summary>An incremental parse that differed from a full parse of the same text.</summary>
/// <param name="Change">The edit, in the coordinates of the document it was applied to.</param>
/// <param name="OldLength">The length of that document.</param>
/// <param name="Difference">The first difference found (see <see cref="IncrementalSelfCheck.FirstDifference"/>).</param>
public sealed record IncrementalMismatch(TextChange Change, int OldLength, string Difference)
{
    private const int ShownText = 40;

    /// <summary>The edit in one line, its new text shortened and escaped: <c>[10..12) of 500 → "ab\n"</c>.</summary>
    public string Edit
    {
        get
        {
            var text = Change.NewText.Length <= ShownText ? Change.NewText : Change.NewText[..ShownText] + "…";
            var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            return $"{Change.Span} of {OldLength} → \"{escaped}\" ({Change.NewText.Length} chars)";
        }
    }
}

/// <summary>
/// The incremental-versus-full self-check: after <see cref="NoteDocument.WithChange(TextChange, IncrementalSelfCheck?)"/>
/// re-parses the blocks around an edit, the whole edited text is parsed again and the two trees are compared (blocks,
/// tokens, entry fields, text). A difference is a bug in the incremental parse: it is reported to <see cref="OnMismatch"/>
/// and the full parse is used, so the caller never sees it. The check makes every edit cost a full parse: on by default
/// in Debug builds, and in Release builds when the environment variable <see cref="EnvironmentVariable"/> is 1.
/// Counters are safe to read and bump from any thread.
/// </summary>
public sealed class IncrementalSelfCheck(bool enabled, Action<IncrementalMismatch>? onMismatch = null)
{
    public const string EnvironmentVariable = "NOTES_LSP_SELF_CHECK";

    private long checks;
    private long mismatches;

    /// <summary>The check the one-argument <see cref="NoteDocument.WithChange(TextChange)"/> uses: on as <see cref="EnabledByDefault"/> says, reporting to nobody.</summary>
    public static IncrementalSelfCheck Default { get; } = new(EnabledByDefault);

    /// <summary>On in Debug builds unless <see cref="EnvironmentVariable"/> is 0; in Release builds only when it is 1.</summary>
    public static bool EnabledByDefault => IsEnabled(Environment.GetEnvironmentVariable(EnvironmentVariable), IsDebugBuild);

#if DEBUG
    public static bool IsDebugBuild => true;
#else
    public static bool IsDebugBuild => false;
#endif

    public bool Enabled { get; } = enabled;

    public Action<IncrementalMismatch>? OnMismatch { get; } = onMismatch;

    /// <summary>How many incremental parses this check has compared with a full parse.</summary>
    public long ChecksPerformed => Interlocked.Read(ref checks);

    /// <summary>How many of them differed (each one recovered by using the full parse).</summary>
    public long MismatchesFound => Interlocked.Read(ref mismatches);

    /// <summary>Whether the variable's value turns the check on: <c>1</c>/<c>true</c> on, <c>0</c>/<c>false</c> off, anything else the build's default.</summary>
    public static bool IsEnabled(string? value, bool debugBuild) => value?.Trim().ToUpperInvariant() switch
    {
        "1" or "TRUE" => true,
        "0" or "FALSE" => false,
        _ => debugBuild,
    };

    /// <summary>
    /// Compares <paramref name="incremental"/> with a full parse of <paramref name="old"/>'s text with the change
    /// applied (so a wrongly spliced text is caught too); returns the document to use.
    /// </summary>
    internal NoteDocument Verify(NoteDocument old, TextChange change, NoteDocument incremental)
    {
        var full = NoteDocument.Parse(old.TextAfter(change));
        Interlocked.Increment(ref checks);
        if (FirstDifference(full, incremental) is not { } difference)
        {
            return incremental;
        }

        Interlocked.Increment(ref mismatches);
        OnMismatch?.Invoke(new IncrementalMismatch(change, old.Length, difference));
        return full;
    }

    /// <summary>
    /// The first way <paramref name="actual"/> differs from <paramref name="expected"/>, or null when they are the same
    /// tree: the same blocks (kind and length), the same tokens (kind and length) in each, the same spans for every entry
    /// field (tags, date, number, header parts, summary, comment, references, URLs) and prologue field, and the same text.
    /// </summary>
    public static string? FirstDifference(NoteDocument expected, NoteDocument actual)
    {
        if (expected.Length != actual.Length || expected.BlockCount != actual.BlockCount)
        {
            return $"{expected.BlockCount} blocks over {expected.Length} chars expected, {actual.BlockCount} over {actual.Length} found";
        }

        var expectedBlocks = expected.Blocks();
        var actualBlocks = actual.Blocks();
        var start = 0;
        for (var i = 0; i < expectedBlocks.Count; i++)
        {
            if (BlockDifference(expectedBlocks[i], actualBlocks[i]) is { } difference)
            {
                return $"block {i} at {start}: {difference}";
            }

            start += expectedBlocks[i].Length;
        }

        return null;
    }

    private static string? BlockDifference(Block expected, Block actual)
    {
        if (expected.GetType() != actual.GetType() || expected.Length != actual.Length)
        {
            return $"{expected.GetType().Name} of {expected.Length} chars expected, {actual.GetType().Name} of {actual.Length} found";
        }

        var index = 0;
        foreach (var (e, a) in expected.Tokens.Zip(actual.Tokens))
        {
            if (e != a)
            {
                return $"token {index}: {e.Kind} {e.Span} expected, {a.Kind} {a.Span} found";
            }

            index++;
        }

        if (expected.Tokens.Count != actual.Tokens.Count)
        {
            return $"{expected.Tokens.Count} tokens expected, {actual.Tokens.Count} found";
        }

        foreach (var (e, a) in FieldsOf(expected).Zip(FieldsOf(actual)))
        {
            if (!string.Equals(e.Value, a.Value, StringComparison.Ordinal))
            {
                return $"{e.Name}: {e.Value} expected, {a.Value} found";
            }
        }

        return expected.Text.Span.SequenceEqual(actual.Text.Span) ? null : "the text differs";
    }

    /// <summary>
    /// What the parser found in a block beyond its tokens, field by field, each value as text (spans relative to the
    /// block): two blocks of one kind are the same tree when these and their tokens are equal. The test dumps use it too.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> FieldsOf(Block block) => block switch
    {
        EntrySyntax e => EntryFields(e),
        PrologueSyntax p => PrologueFields(p),
        _ => [],
    };

    private static IEnumerable<(string Name, string Value)> PrologueFields(PrologueSyntax p)
    {
        yield return ("title", p.TitleSpan.ToString());
        yield return ("stray lines", string.Join(",", p.StrayLines));
    }

    private static IEnumerable<(string Name, string Value)> EntryFields(EntrySyntax e)
    {
        yield return ("tags", string.Join(",", e.Tags.Select(t => t.Name + t.Span)));
        yield return ("tag list", e.TagListSpan.ToString());
        yield return ("Issue Date", e.IssueDateKeywordSpan.ToString());
        yield return ("date", $"{e.DateSpan}");
        yield return ("number", $"{e.NumberSpan}{e.Number}");
        yield return ("header", e.HeaderSpan.ToString());
        yield return ("title", e.TitleSpan.ToString());
        yield return ("author", $"{e.AuthorSpan}");
        yield return ("venue", $"{e.VenueSpan}");
        yield return ("year", $"{e.YearSpan}");
        yield return ("summary", $"{e.SummaryKeywordSpan}{e.SummarySpan}");
        yield return ("comment", $"{e.CommentKeywordSpan}{e.CommentSpan}");
        yield return ("references", string.Join(",", e.References.Select(r => $"{r.Number}{(r.Tentative ? "?" : string.Empty)}{r.Span}")));
        yield return ("urls", string.Join(",", e.Urls));
    }
}
