namespace NotesLsp.Analysis;

/// <summary>The rule catalogue: every rule once, in code order. Each rule lives in its own file beside this one.</summary>
public static class Rules
{
    public static readonly MissingDateRule MissingDate = new();
    public static readonly MalformedDateRule MalformedDate = new();
    public static readonly ImpossibleDateRule ImpossibleDate = new();
    public static readonly MissingTagsRule MissingTags = new();
    public static readonly EmptyTagRule EmptyTag = new();
    public static readonly DuplicateTagRule DuplicateTag = new();
    public static readonly MalformedNumberRule MalformedNumber = new();
    public static readonly MissingSummaryRule MissingSummary = new();
    public static readonly HeaderStructureRule HeaderStructure = new();
    public static readonly DuplicateNumberRule DuplicateNumber = new();
    public static readonly UnresolvedReferenceRule UnresolvedReference = new();
    public static readonly NearMissTagRule NearMissTag = new();
    public static readonly StrayTextRule StrayText = new();
    public static readonly GluedEntryRule GluedEntry = new();
    public static readonly EmptyTitleRule EmptyTitle = new();
    public static readonly FileEncodingRule FileEncoding = new();
    public static readonly DriftedCopyRule DriftedCopy = new();
    public static readonly InvalidUtf8Rule InvalidUtf8 = new();

    public static IReadOnlyList<Rule> All { get; } =
    [
        MissingDate, MalformedDate, ImpossibleDate, MissingTags, EmptyTag, DuplicateTag, MalformedNumber, MissingSummary,
        HeaderStructure, DuplicateNumber, UnresolvedReference, NearMissTag, StrayText, GluedEntry, EmptyTitle, FileEncoding,
        DriftedCopy, InvalidUtf8,
    ];

    public static IReadOnlyList<EntryRule> EntryRules { get; } = [.. All.OfType<EntryRule>()];

    public static IReadOnlyList<PrologueRule> PrologueRules { get; } = [.. All.OfType<PrologueRule>()];

    public static IReadOnlyList<FileRule> FileRules { get; } = [.. All.OfType<FileRule>()];

    /// <summary>Finds a rule by code (<c>NL002</c>) or name (<c>malformed-date</c>), case-insensitively.</summary>
    public static Rule? Find(string codeOrName) =>
        All.FirstOrDefault(r => string.Equals(r.Code, codeOrName, StringComparison.OrdinalIgnoreCase)
                             || string.Equals(r.Name, codeOrName, StringComparison.OrdinalIgnoreCase));

    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "off" or "none" or "ignore":
                severity = Severity.Off;
                return true;
            case "hint":
                severity = Severity.Hint;
                return true;
            case "information" or "info":
                severity = Severity.Information;
                return true;
            case "warning" or "warn":
                severity = Severity.Warning;
                return true;
            case "error":
                severity = Severity.Error;
                return true;
            default:
                severity = Severity.Off;
                return false;
        }
    }

    public static string Display(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Information => "information",
        Severity.Hint => "hint",
        _ => "off",
    };
}
