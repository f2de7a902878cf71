using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Tests;

public class RuleTests
{
    // A real entry from the seed; each test breaks one thing in it.
    private const string Title = "KnowledgeEditing\n\n";
    private const string Good = "#Pocket #NLP #LanguageModel #ICLR Issue Date: 2025-04-30 AlphaEdit: Null-Space Constrained Knowledge Editing for Language Models, Junfeng Fang+, ICLR'25 SummaryAlphaEditは、LLMsの知識を保持しつつ編集を行う新しい手法。 Comment元ポスト:https://x.com/hillbig/status/1917343444810489925\n";

    private static List<NoteDiagnostic> Check(string text, params (string Key, string Text)[] others)
    {
        var workspace = new Workspace();
        workspace.Set("main", NoteDocument.Parse(text));
        foreach (var (key, other) in others)
        {
            workspace.Set(key, NoteDocument.Parse(other));
        }

        return [.. workspace.Diagnostics("main")];
    }

    private static NoteDiagnostic Single(string text, Rule rule, params (string, string)[] others)
    {
        var found = Check(text, others).Where(d => d.Rule == rule).ToList();
        Assert.True(found.Count == 1, $"expected one {rule.Code}, got {found.Count}: {string.Join("; ", Check(text, others).Select(d => d.Code + " " + d.Message))}");
        return found[0];
    }

    private static string Covered(string text, NoteDiagnostic d) => text.Substring(d.Span.Start, d.Span.Length);

    private static string? Replacement(NoteDiagnostic d) => d.Fix is { } fix ? Assert.Single(fix.Edits).Change.NewText : null;

    [Fact]
    public void A_drifted_copy_is_described_the_same_whatever_its_line_breaks()
    {
        // Copies that differ only by CRLF are one reading (the content hash reads CRLF as LF), so an index that cached
        // either one must say the same thing: lengths are counted on the text as compared. A random edit inserting a CR
        // once made the incrementally updated workspace say "2 characters" more than a fresh one.
        const string Entry = "#NLP Issue Date: 2025-01-02 #7 Seven, A+, X'25 SummaryFirst line\nsecond line\nthird line Commentok\n";
        var grown = Title + Entry.Replace("third line", "third line, and more", StringComparison.Ordinal);
        var lf = Single(grown, Rules.DriftedCopy, ("other", Title + Entry));
        var crlf = Single(grown, Rules.DriftedCopy, ("other", Title + Entry.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Contains("summary there is 10 characters shorter", lf.Message, StringComparison.Ordinal);
        Assert.Equal(lf.Message, crlf.Message);
    }

    [Fact]
    public void The_unbroken_entry_has_no_diagnostic() => Assert.Empty(Check(Title + Good));

    [Fact]
    public void Missing_date()
    {
        var text = Title + Good.Replace("2025-04-30 ", string.Empty, StringComparison.Ordinal);
        var d = Single(text, Rules.MissingDate);
        Assert.Equal("Issue Date:", Covered(text, d));
        Assert.Equal(Severity.Error, d.Severity);
    }

    [Theory]
    [InlineData("2025/04/30")]
    [InlineData("25-04-30")]
    [InlineData("2025-04-30x")]
    public void Malformed_date(string date)
    {
        var text = Title + Good.Replace("2025-04-30", date, StringComparison.Ordinal);
        var d = Single(text, Rules.MalformedDate);
        Assert.Equal(date, Covered(text, d));
        Assert.Null(d.Fix);
    }

    [Fact]
    public void Unpadded_date_offers_the_padded_date()
    {
        var text = Title + Good.Replace("2025-04-30", "2025-4-3", StringComparison.Ordinal);
        var d = Single(text, Rules.MalformedDate);
        Assert.Equal("2025-04-03", Replacement(d));
        Assert.Equal(FixSafety.Safe, d.Fix!.Safety);
        Assert.Contains("zero-padded", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-02-30", "February 2025 has 28 days")]
    [InlineData("2024-02-30", "February 2024 has 29 days")]
    [InlineData("2025-13-01", "no month 13")]
    [InlineData("2025-04-31", "April 2025 has 30 days")]
    public void Impossible_date(string date, string why)
    {
        var text = Title + Good.Replace("2025-04-30", date, StringComparison.Ordinal);
        var d = Single(text, Rules.ImpossibleDate);
        Assert.Equal(date, Covered(text, d));
        Assert.Contains(why, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_without_tags()
    {
        var text = Title + Good[Good.IndexOf("Issue Date", StringComparison.Ordinal)..];
        var d = Single(text, Rules.MissingTags);
        Assert.Equal("Issue Date:", Covered(text, d));
    }

    [Fact]
    public void Empty_tag()
    {
        var text = Title + Good.Replace("#NLP ", "# ", StringComparison.Ordinal);
        var d = Single(text, Rules.EmptyTag);
        Assert.Equal("#", Covered(text, d));
    }

    [Fact]
    public void Duplicate_tag_points_at_the_second_occurrence()
    {
        var text = Title + Good.Replace("#ICLR ", "#ICLR #NLP ", StringComparison.Ordinal);
        var d = Single(text, Rules.DuplicateTag);
        Assert.Equal("#NLP", Covered(text, d));
        Assert.True(d.Span.Start > text.IndexOf("#ICLR", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("#12a4")]
    [InlineData("#1-2")]
    public void Malformed_number(string number)
    {
        var text = Title + Good.Replace("2025-04-30 ", "2025-04-30 " + number + " ", StringComparison.Ordinal);
        var d = Single(text, Rules.MalformedNumber);
        Assert.Equal(number, Covered(text, d));
    }

    [Fact]
    public void Missing_summary()
    {
        var text = Title + Good[..Good.IndexOf(" Summary", StringComparison.Ordinal)] + "\n";
        var d = Single(text, Rules.MissingSummary);
        Assert.StartsWith("AlphaEdit", Covered(text, d), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_without_author_or_venue()
    {
        var text = Title + Good.Replace(", Junfeng Fang+, ICLR'25", string.Empty, StringComparison.Ordinal);
        var d = Single(text, Rules.HeaderStructure);
        Assert.Equal("AlphaEdit: Null-Space Constrained Knowledge Editing for Language Models", Covered(text, d));
    }

    [Fact]
    public void Empty_title()
    {
        var text = Title + "#NLP Issue Date: 2025-04-30 Summaryなし\n";
        Single(text, Rules.EmptyTitle);
    }

    [Fact]
    public void Same_number_for_different_titles_is_an_error_but_the_same_entry_in_two_files_is_not()
    {
        var numbered = Title + Good.Replace("2025-04-30 ", "2025-04-30 #2000 ", StringComparison.Ordinal);
        var sameEntryElsewhere = "Other\n\n" + Good.Replace("2025-04-30 ", "2025-04-30 #2000 ", StringComparison.Ordinal);
        Assert.DoesNotContain(Check(numbered, ("other", sameEntryElsewhere)), d => d.Rule == Rules.DuplicateNumber);

        var differentEntry = "Other\n\n#NLP Issue Date: 2024-01-01 #2000 Another Paper, Someone+, ACL'24 Summaryx\n";
        var d = Single(numbered, Rules.DuplicateNumber, ("other", differentEntry));
        Assert.Equal("#2000", Covered(numbered, d));
        Assert.Contains("Another Paper", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_to_a_number_defined_nowhere_is_information()
    {
        var text = Title + Good.Replace("\n", "\n・4321\n", StringComparison.Ordinal);
        var d = Single(text, Rules.UnresolvedReference);
        Assert.Equal("・4321", Covered(text, d));
        Assert.Equal(Severity.Information, d.Severity);

        var defined = "Other\n\n#NLP Issue Date: 2024-01-01 #4321 Another Paper, Someone+, ACL'24 Summaryx\n";
        Assert.DoesNotContain(Check(text, ("other", defined)), x => x.Rule == Rules.UnresolvedReference);
    }

    [Fact]
    public void Near_miss_of_a_frequent_tag()
    {
        var frequent = string.Concat(Enumerable.Repeat(Good, 3));
        var text = Title + frequent + Good.Replace("#LanguageModel", "#LanguageModle", StringComparison.Ordinal);
        var d = Single(text, Rules.NearMissTag);
        Assert.Equal("#LanguageModle", Covered(text, d));
        Assert.Equal("#LanguageModel", Replacement(d));
        Assert.Equal(FixSafety.Unsafe, d.Fix!.Safety);
    }

    [Fact]
    public void Acronyms_one_letter_apart_are_not_near_misses()
    {
        var frequent = string.Concat(Enumerable.Repeat(Good, 4));
        var text = Title + frequent + Good.Replace("#ICLR", "#TICLR", StringComparison.Ordinal);
        Assert.DoesNotContain(Check(text), d => d.Rule == Rules.NearMissTag);
    }

    [Theory]
    [InlineData("#3D (Video)", "#4D (Video)")]
    [InlineData("#2D (Image)", "#3D (Image)")]
    [InlineData("#GPT-4", "#GPT-5")]
    [InlineData("#Llama3", "#Llama4")]
    public void Tags_that_differ_by_a_digit_name_different_things(string frequent, string rare)
    {
        var often = string.Concat(Enumerable.Repeat(Good.Replace("#ICLR", frequent, StringComparison.Ordinal), 4));
        var text = Title + often + Good.Replace("#ICLR", rare, StringComparison.Ordinal);
        Assert.DoesNotContain(Check(text), d => d.Rule == Rules.NearMissTag);

        // The same tag with a letter out of place is still a near-miss.
        var typo = frequent[..^2] + frequent[^1] + frequent[^2];
        var withTypo = Title + often + Good.Replace("#ICLR", typo, StringComparison.Ordinal);
        var d = Single(withTypo, Rules.NearMissTag);
        Assert.Equal(frequent, Replacement(d));
    }

    [Fact]
    public void Stray_text_before_the_first_entry()
    {
        var text = "KnowledgeEditing\nsome forgotten line\n" + Good;
        var d = Single(text, Rules.StrayText);
        Assert.Equal("some forgotten line", Covered(text, d));
    }

    [Fact]
    public void Glued_entry_is_off_by_default_and_when_on_covers_its_tag_list()
    {
        var text = Title + Good.TrimEnd('\n') + " " + Good;
        Assert.DoesNotContain(Check(text), d => d.Rule == Rules.GluedEntry);

        var workspace = new Workspace(NotesConfig.Parse("""{ "rules": { "glued-entry": "hint" } }"""));
        workspace.Set("main", NoteDocument.Parse(text));
        var d = Assert.Single(workspace.Diagnostics("main"), d => d.Rule == Rules.GluedEntry);
        Assert.Equal(Severity.Hint, d.Severity);
        Assert.Equal("#Pocket #NLP #LanguageModel #ICLR", Covered(text, d));
    }

    [Fact]
    public void Severities_come_from_configuration_and_off_silences()
    {
        var text = Title + Good.Replace("2025-04-30", "2025-02-30", StringComparison.Ordinal) + Good[Good.IndexOf("Issue Date", StringComparison.Ordinal)..];
        Assert.Contains(Check(text), d => d.Rule == Rules.MissingTags);
        var workspace = new Workspace(NotesConfig.Parse("""{ "rules": { "impossible-date": "warning", "NL004": "off" } }"""));
        workspace.Set("main", NoteDocument.Parse(text));
        var diagnostics = workspace.Diagnostics("main");
        Assert.Equal(Severity.Warning, Assert.Single(diagnostics, d => d.Rule == Rules.ImpossibleDate).Severity);
        Assert.DoesNotContain(diagnostics, d => d.Rule == Rules.MissingTags);
    }

    [Theory]
    [InlineData("""{ "rules": { "NL999": "error" } }""", "unknown rule 'NL999'")]
    [InlineData("""{ "rules": { "NL001": "loud" } }""", "'loud' is not one of")]
    [InlineData("""{ "rulez": {} }""", "unknown or ill-typed setting 'rulez'")]
    [InlineData("""{ "rules": """, "not valid JSON")]
    public void Bad_configuration_is_reported_clearly(string json, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => NotesConfig.Parse(json, "notes-lsp.json"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclude_patterns_are_relative_to_the_configuration_file()
    {
        var config = NotesConfig.Parse("""{ "exclude": ["archive/**", "*.draft.notes"] }""", "/work/notes/notes-lsp.json");
        Assert.True(config.Excludes("/work/notes/archive/2019/old.notes"));
        Assert.True(config.Excludes("/work/notes/x.draft.notes"));
        Assert.False(config.Excludes("/work/notes/current.notes"));
        Assert.False(config.Excludes("/elsewhere/archive/old.notes"));
    }

    [Fact]
    public void Real_notes_have_no_errors_or_warnings()
    {
        var workspace = new Workspace();
        var files = TestData.CorpusFiles.Append(TestData.SeedFile).ToList();
        foreach (var f in files)
        {
            workspace.Set(f, NoteDocument.Parse(TestData.Read(f)));
        }

        var all = files.SelectMany(f => workspace.Diagnostics(f).Select(d => (File: Path.GetFileName(f), d))).ToList();
        Assert.Empty(all.Where(x => x.d.Severity >= Severity.Warning).Select(x => $"{x.File}: {x.d.Code} {x.d.Message}"));
        // Only what real dumps legitimately contain: references into other dumps, copies that drifted apart, and
        // (as hints) entries whose only tag is their dump's category.
        Assert.Subset(new HashSet<string> { "NL004", "NL011", "NL017" }, all.Select(x => x.d.Code).ToHashSet());
        Assert.Equal(21, all.Count(x => x.d.Rule == Rules.UnresolvedReference && x.File != "knowledge-editing.txt"));
        Assert.Equal(4, all.Count(x => x.d.Rule == Rules.DriftedCopy && x.File != "knowledge-editing.txt"));
        Assert.All(all.Where(x => x.d.Rule == Rules.MissingTags), x => Assert.Equal(Severity.Hint, x.d.Severity));
    }
}
