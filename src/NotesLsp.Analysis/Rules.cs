namespace NotesLsp.Analysis;

public enum Severity
{
    Off,
    Hint,
    Information,
    Warning,
    Error,
}

/// <summary>A diagnostic rule: a stable code, a kebab-case name usable in configuration, and a default severity.</summary>
public sealed record Rule(string Code, string Name, Severity DefaultSeverity, string Description);

/// <summary>The rule catalogue. Codes never change meaning; new rules get new codes.</summary>
public static class Rules
{
    public static readonly Rule MissingDate = new("NL001", "missing-date", Severity.Error, "`Issue Date:` is not followed by a date.");
    public static readonly Rule MalformedDate = new("NL002", "malformed-date", Severity.Error, "The date is not written YYYY-MM-DD.");
    public static readonly Rule ImpossibleDate = new("NL003", "impossible-date", Severity.Error, "The date does not exist in the calendar (e.g. 2025-02-30).");
    public static readonly Rule MissingTags = new("NL004", "missing-tags", Severity.Warning, "The entry has no tag list.");
    public static readonly Rule EmptyTag = new("NL005", "empty-tag", Severity.Warning, "A `#` with no tag name.");
    public static readonly Rule DuplicateTag = new("NL006", "duplicate-tag", Severity.Warning, "The same tag appears twice in one entry.");
    public static readonly Rule MalformedNumber = new("NL007", "malformed-number", Severity.Error, "The entry number after the date is not `#` followed by digits.");
    public static readonly Rule MissingSummary = new("NL008", "missing-summary", Severity.Warning, "The entry has no `Summary`.");
    public static readonly Rule HeaderStructure = new("NL009", "header-structure", Severity.Warning, "The header has no `, Author+, Venue'YY` (or year) part after the title.");
    public static readonly Rule DuplicateNumber = new("NL010", "duplicate-number", Severity.Error, "One entry number is used by entries with different titles.");
    public static readonly Rule UnresolvedReference = new("NL011", "unresolved-reference", Severity.Information, "A `・NNNN` reference to a number that no entry in the workspace has.");
    public static readonly Rule NearMissTag = new("NL012", "near-miss-tag", Severity.Warning, "A rarely used tag that is one typo away from a frequently used tag.");
    public static readonly Rule StrayText = new("NL013", "stray-text", Severity.Warning, "Text between the category title and the first entry.");
    public static readonly Rule GluedEntry = new("NL014", "glued-entry", Severity.Off, "The entry's tag list is glued to the end of the previous line (off by default: real dumps are written that way).");
    public static readonly Rule EmptyHeader = new("NL015", "empty-title", Severity.Error, "The entry has no title after its date.");
    public static readonly Rule FileEncoding = new("NL016", "file-encoding", Severity.Information, "The file has a byte-order mark, CRLF line endings, invalid UTF-8 or no content.");

    public static IReadOnlyList<Rule> All { get; } =
    [
        MissingDate, MalformedDate, ImpossibleDate, MissingTags, EmptyTag, DuplicateTag, MalformedNumber, MissingSummary,
        HeaderStructure, DuplicateNumber, UnresolvedReference, NearMissTag, StrayText, GluedEntry, EmptyHeader, FileEncoding,
    ];

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
