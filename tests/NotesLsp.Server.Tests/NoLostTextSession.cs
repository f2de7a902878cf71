using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Tests;

/// <summary>
/// The server on a workspace holding the seed and the corpus, an in-process analysis of the same files (to see
/// whether a fix removed its diagnostic), and the checks of <see cref="NoLostTextTests"/>.
/// </summary>
public sealed partial class NoLostTextSession : IAsyncDisposable
{
    private readonly TempWorkspace workspace;
    private readonly LspClient client;
    private readonly Dictionary<string, string> diskTexts;
    private readonly Dictionary<string, NoteDocument> diskParses;
    private readonly Workspace analysis = new();
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);
    private int version;

    private NoLostTextSession(TempWorkspace workspace, LspClient client, Dictionary<string, string> diskTexts)
    {
        this.workspace = workspace;
        this.client = client;
        this.diskTexts = diskTexts;
        diskParses = diskTexts.ToDictionary(f => f.Key, f => NoteDocument.Parse(f.Value), StringComparer.Ordinal);
        foreach (var (path, document) in diskParses)
        {
            analysis.Set(path, document);
        }
    }

    public static async Task<NoLostTextSession> StartAsync()
    {
        var workspace = new TempWorkspace();
        var files = TestData.CorpusFiles.Append(TestData.SeedFile).Select(f => workspace.Copy(f)).ToList();
        var (client, _) = await LspClient.StartInitializedAsync(workspace.Root, new JsonObject { ["window"] = new JsonObject { ["workDoneProgress"] = true } });
        await client.WaitForNotificationAsync("$/progress", p => (string?)p["value"]!["kind"] == "end");
        return new NoLostTextSession(workspace, client, files.ToDictionary(f => f, File.ReadAllText, StringComparer.Ordinal));
    }

    /// <summary>Every workspace file as it is, then <paramref name="fuzzed"/> damaged copies (seed i damages file i mod n).</summary>
    public IEnumerable<NoteSample> Documents(int fuzzed)
    {
        var files = diskTexts.Keys.Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            yield return new NoteSample(file, diskTexts[file], Path.GetFileName(file), 0, false);
        }

        for (var seed = 1; seed <= fuzzed; seed++)
        {
            var file = files[seed % files.Count];
            yield return new NoteSample(file, FuzzedNotes.Mutate(diskTexts[file], seed), $"{Path.GetFileName(file)} fuzzed with seed {seed}", seed, true);
        }
    }

    public int Count(string what) => counts.GetValueOrDefault(what);

    public string Report() => string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    /// <summary>Opens the document with its text and returns the diagnostics published for that version.</summary>
    public async Task<JsonArray> OpenAsync(NoteSample document)
    {
        var uri = LspClient.Uri(document.Path);
        var opened = ++version;
        await client.OpenAsync(uri, document.Text, opened);
        Tally("document");
        if (HasLoneSurrogate(document.Text))
        {
            Tally("document with a lone surrogate");
        }
        var published = await client.WaitForNotificationAsync("textDocument/publishDiagnostics", p => (string?)p["uri"] == uri && (int?)p["version"] == opened);
        return published["diagnostics"]!.AsArray();
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    public async Task CloseAsync(NoteSample document)
    {
        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = LspClient.Uri(document.Path) } });
        analysis.Set(document.Path, diskParses[document.Path]);
    }

    // ------------------------------------------------------------------ code actions

    /// <summary>
    /// Asks for code actions on every published diagnostic's range, every entry's range and every entry's
    /// <c>Issue Date:</c> line, and checks each distinct action.
    /// </summary>
    public async Task CheckCodeActionsAsync(NoteSample document)
    {
        var diagnostics = await OpenAsync(document);
        var uri = LspClient.Uri(document.Path);
        var editor = new EditorText(document.Text);
        var parse = document.Parse();
        var ranges = diagnostics.Select(d => d!["range"]!.DeepClone().AsObject()).ToList();
        foreach (var entry in parse.Entries())
        {
            ranges.Add(editor.RangeOf(entry.Start, entry.Span.End));
            var anchorLine = (int)editor.PositionAt(entry.Start + entry.Syntax.AnchorOffset)["line"]!;
            ranges.Add(editor.RangeOf(editor.LineStart(anchorLine), editor.LineContentEnd(anchorLine)));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var checkedActions = new List<JsonObject>();
        foreach (var range in ranges)
        {
            var (start, end) = (editor.OffsetOf(range["start"]!, "request"), editor.OffsetOf(range["end"]!, "request"));
            var overlapping = diagnostics.Where(d => editor.OffsetOf(d!["range"]!["start"]!, "diagnostic") <= end && editor.OffsetOf(d!["range"]!["end"]!, "diagnostic") >= start);
            var actions = (await client.ResultAsync("textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = new JsonObject { ["uri"] = uri },
                ["range"] = range,
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray([.. overlapping.Select(d => d!.DeepClone())]) },
            }))?.AsArray() ?? [];
            Tally("code action request");
            foreach (var action in actions.Select(a => a!.AsObject()))
            {
                if (seen.Add(action.ToJsonString()))
                {
                    CheckAction(document, editor, parse, action);
                    checkedActions.Add(action);
                }
            }
        }

        // Every fixable diagnostic is offered its fix.
        foreach (var d in diagnostics.Select(d => d!.AsObject()).Where(d => IsFixable(editor, d)))
        {
            Assert.True(
                checkedActions.Any(a => a["diagnostics"]?.AsArray().Any(x => x!["code"]!.ToJsonString() == d["code"]!.ToJsonString() && JsonNode.DeepEquals(x["range"], d["range"])) == true),
                $"no code action for {d.ToJsonString()}");
        }

        await CloseAsync(document);
    }

    private static bool IsFixable(EditorText editor, JsonObject diagnostic)
    {
        var code = (string?)diagnostic["code"];
        if (code is "NL012" or "NL014")
        {
            return true;
        }

        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "diagnostic");
        var end = editor.OffsetOf(diagnostic["range"]!["end"]!, "diagnostic");
        return code == "NL002" && PaddedDate(editor.Text[start..end]) is { } padded && padded != editor.Text[start..end];
    }

    private void CheckAction(NoteSample document, EditorText editor, NoteDocument parse, JsonObject action)
    {
        var title = (string?)action["title"];
        if (action["edit"] is not JsonObject edit)
        {
            Assert.True(action["command"] is not null, $"action '{title}' has neither an edit nor a command");
            Tally("action without edit");
            return;
        }

        var uri = LspClient.Uri(document.Path);
        Assert.Null(edit["documentChanges"]);
        var changes = edit["changes"]!.AsObject();
        var drift = action["diagnostics"]?.AsArray().FirstOrDefault() is { } d && (string?)d["code"] == "NL017";
        if (drift && title!.StartsWith("Make every copy", StringComparison.Ordinal))
        {
            CheckEveryCopyFix(document, editor, parse, action, changes);
            return;
        }

        Assert.True(changes.Count == 1 && changes.ContainsKey(uri), $"action '{title}' edits other documents: {string.Join(", ", changes.Select(c => c.Key))}");
        var edits = editor.Resolve(changes[uri]!.AsArray(), $"action '{title}'");
        var after = editor.Apply(edits);
        var afterParse = NoteDocument.Parse(after);
        var diagnostic = action["diagnostics"]?.AsArray().FirstOrDefault();
        var code = (string?)diagnostic?["code"];
        Assert.True(edits.Count == 1, $"action '{title}' has {edits.Count} edits");
        var single = edits[0];
        analysis.Set(document.Path, afterParse);
        if (code == "NL012")
        {
            CheckNearMissFix(document.Path, editor, parse, diagnostic!, single, afterParse);
        }
        else if (code == "NL002")
        {
            CheckDateFix(document.Path, editor, parse, diagnostic!, single, afterParse);
        }
        else if (code == "NL006")
        {
            CheckDuplicateTagFix(editor, parse, diagnostic!, single, afterParse);
        }
        else if (code == "NL017")
        {
            CheckThisCopyFix(document, editor, parse, diagnostic!, single, afterParse);
        }
        else if (code == "NL014" || (code is null && single.NewText is "\n" or "\r\n" or "\n\n" or "\r\n\r\n"))
        {
            // Without a diagnostic (NL014 turned off) the same refactor may be offered: it is recognised by its edit.
            var index = AssertUnglues(editor.Text, parse, single, $"action '{title}'");
            AssertUnglued(after, afterParse, index, single);
            Assert.Equal(EntryFacts.Of(parse), EntryFacts.Of(afterParse));
            Assert.DoesNotContain(analysis.Diagnostics(document.Path), d => d.Code == "NL014" && d.Span.Start == afterParse.EntryByIndex(index).Start);
            Tally("action unglue");
            return;
        }
        else
        {
            Assert.Fail($"action '{title}' ({code ?? "no diagnostic"}) has no intent check here: describe what it may change");
        }

        Tally("action " + code);
    }

    private void CheckNearMissFix(string path, EditorText editor, NoteDocument parse, JsonNode diagnostic, AppliedEdit edit, NoteDocument afterParse)
    {
        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "NL012");
        var end = editor.OffsetOf(diagnostic["range"]!["end"]!, "NL012");
        var (entry, tagIndex) = parse.Entries()
            .SelectMany(e => e.Syntax.Tags.Select((t, i) => (Entry: e, Index: i, Span: e.Absolute(t.Span))))
            .Where(t => t.Span.Start == start && t.Span.End == end)
            .Select(t => (t.Entry, t.Index))
            .FirstOrDefault();
        Assert.True(entry.Syntax is not null, $"NL012 at [{start}..{end}) is not on a tag token");
        Assert.True(edit.Start == start && edit.End == end, $"the near-miss fix replaces [{edit.Start}..{edit.End}), not the tag [{start}..{end})");
        Assert.StartsWith("#", edit.NewText, StringComparison.Ordinal);
        var oldName = entry.Syntax.Tags[tagIndex].Name;
        var newName = edit.NewText[1..];
        var uses = TagUses(path, parse);
        Assert.True(uses.GetValueOrDefault(newName) > uses.GetValueOrDefault(oldName), $"`#{newName}` is not a more frequent tag than `#{oldName}`");
        Assert.Contains($"`#{newName}`", (string?)diagnostic["message"], StringComparison.Ordinal);

        var expected = EntryFacts.Of(parse);
        var tags = entry.Syntax.Tags.Select(t => t.Name).ToArray();
        tags[tagIndex] = newName;
        expected[entry.Index - NoteDocument.FirstEntryIndex] = expected[entry.Index - NoteDocument.FirstEntryIndex] with { Tags = string.Join(" #", tags) };
        Assert.Equal(expected, EntryFacts.Of(afterParse));
        Assert.DoesNotContain(analysis.Diagnostics(path), d => d.Code == "NL012" && d.Span.Start == start);
    }

    private void CheckDateFix(string path, EditorText editor, NoteDocument parse, JsonNode diagnostic, AppliedEdit edit, NoteDocument afterParse)
    {
        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "NL002");
        var entry = parse.Entries().Single(e => e.Syntax.DateSpan is { } d && e.Absolute(d).Start == start);
        var date = entry.Absolute(entry.Syntax.DateSpan!.Value);
        Assert.True(edit.Start == date.Start && edit.End == date.End, $"the date fix replaces [{edit.Start}..{edit.End}), not the date {date}");
        Assert.Equal(PaddedDate(entry.Syntax.DateText!), edit.NewText);

        var expected = EntryFacts.Of(parse);
        expected[entry.Index - NoteDocument.FirstEntryIndex] = expected[entry.Index - NoteDocument.FirstEntryIndex] with { Date = edit.NewText };
        Assert.Equal(expected, EntryFacts.Of(afterParse));
        Assert.DoesNotContain(analysis.Diagnostics(path), d => d.Code == "NL002" && d.Span.Start == start);
    }

    /// <summary>NL006: the edit removes the second occurrence of the tag (and the one blank before it), nothing else.</summary>
    private static void CheckDuplicateTagFix(EditorText editor, NoteDocument parse, JsonNode diagnostic, AppliedEdit edit, NoteDocument afterParse)
    {
        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "NL006");
        var (entry, tagIndex) = parse.Entries()
            .SelectMany(e => e.Syntax.Tags.Select((t, i) => (Entry: e, Index: i, Span: e.Absolute(t.Span))))
            .Where(t => t.Span.Start == start)
            .Select(t => (t.Entry, t.Index))
            .First();
        var tag = entry.Absolute(entry.Syntax.Tags[tagIndex].Span);
        Assert.True(edit.NewText.Length == 0 && edit.End == tag.End && (edit.Start == tag.Start || (edit.Start == tag.Start - 1 && IsBlank(editor.Text[edit.Start]))), $"the duplicate-tag fix removes [{edit.Start}..{edit.End}), not the tag {tag} and its blank");
        Assert.Contains(entry.Syntax.Tags.Take(tagIndex), t => t.Name == entry.Syntax.Tags[tagIndex].Name);
        var expected = EntryFacts.Of(parse);
        expected[entry.Index - NoteDocument.FirstEntryIndex] = expected[entry.Index - NoteDocument.FirstEntryIndex] with { Tags = string.Join(" #", entry.Syntax.Tags.Where((_, i) => i != tagIndex).Select(t => t.Name)) };
        Assert.Equal(expected, EntryFacts.Of(afterParse));
    }

    /// <summary>NL017 "make this copy equal to …": the edit replaces this copy's text from <c>Issue Date:</c> on with another copy's, nothing else.</summary>
    private void CheckThisCopyFix(NoteSample document, EditorText editor, NoteDocument parse, JsonNode diagnostic, AppliedEdit edit, NoteDocument afterParse)
    {
        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "NL017");
        var entry = parse.Entries().Single(e => e.Syntax.NumberSpan is { } n && e.Absolute(n).Start == start);
        var span = entry.Absolute(EntryContent.ComparableSpan(entry.Syntax));
        Assert.True(edit.Start == span.Start && edit.End == span.End, $"the copy fix replaces [{edit.Start}..{edit.End}), not the copy's text {span}");
        var others = CopiesElsewhere(document.Path, entry.Syntax)
            .Concat(parse.Entries().Where(e => e.Start != entry.Start && e.Syntax.Number == entry.Syntax.Number && e.Syntax.DateText == entry.Syntax.DateText).Select(e => e.Syntax.GetText(EntryContent.ComparableSpan(e.Syntax))))
            .Select(t => Normalized(WellFormed(t))).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(Normalized(edit.NewText), others);
        Assert.Equal(parse.EntryCount, afterParse.EntryCount);
        var changed = afterParse.EntryByIndex(entry.Index).Syntax;
        Assert.Equal((entry.Syntax.Number, entry.Syntax.DateText), (changed.Number, changed.DateText));
        var expected = EntryFacts.Of(parse);
        expected[entry.Index - NoteDocument.FirstEntryIndex] = EntryFacts.Of(afterParse)[entry.Index - NoteDocument.FirstEntryIndex] with { Tags = expected[entry.Index - NoteDocument.FirstEntryIndex].Tags };
        Assert.Equal(expected, EntryFacts.Of(afterParse));
        Tally("action NL017 this copy");
    }

    /// <summary>NL017 "make every copy equal to this one": each edit, in another dump, replaces a copy's text (same number and date) with this copy's.</summary>
    private void CheckEveryCopyFix(NoteSample document, EditorText editor, NoteDocument parse, JsonObject action, JsonObject changes)
    {
        var diagnostic = action["diagnostics"]!.AsArray()[0]!;
        var start = editor.OffsetOf(diagnostic["range"]!["start"]!, "NL017");
        var entry = parse.Entries().Single(e => e.Syntax.NumberSpan is { } n && e.Absolute(n).Start == start);
        // JSON cannot carry a lone surrogate: the server sends U+FFFD in its place, one code unit for one.
        var own = Normalized(WellFormed(entry.Syntax.GetText(EntryContent.ComparableSpan(entry.Syntax))));
        foreach (var (uri, edits) in changes)
        {
            var path = new Uri(uri).LocalPath;
            Assert.True(diskTexts.ContainsKey(path), $"'{action["title"]}' edits {uri}");
            var other = path == document.Path ? editor : new EditorText(diskTexts[path]);
            var otherParse = NoteDocument.Parse(other.Text);
            foreach (var applied in other.Resolve(edits!.AsArray(), $"action '{action["title"]}'"))
            {
                var copy = otherParse.Entries().SingleOrDefault(e => e.Absolute(EntryContent.ComparableSpan(e.Syntax)) is var s && s.Start == applied.Start && s.End == applied.End);
                Assert.True(copy.Syntax is not null, $"the edit [{applied.Start}..{applied.End}) in {Path.GetFileName(path)} is not a copy's text");
                Assert.Equal((entry.Syntax.Number, entry.Syntax.DateText), (copy.Syntax.Number, copy.Syntax.DateText));
                Assert.False(path == document.Path && copy.Start == entry.Start, "the copy the action starts from is edited");
                Assert.Equal(own, Normalized(applied.NewText));
            }
        }

        Tally("action NL017 every copy");
    }

    /// <summary>The texts (from <c>Issue Date:</c> on) of the entry's copies in the other dumps on disk (copies in the document itself are added by the caller).</summary>
    private IEnumerable<string> CopiesElsewhere(string path, EntrySyntax entry) =>
        diskParses.Where(p => p.Key != path)
            .SelectMany(p => p.Value.Entries().Select(e => e.Syntax))
            .Where(e => e.Number == entry.Number && e.DateText == entry.DateText)
            .Select(e => e.GetText(EntryContent.ComparableSpan(e)));

    private static string Normalized(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string WellFormed(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>How many entries of the workspace (this document's current text, the other files on disk) carry each tag.</summary>
    private Dictionary<string, int> TagUses(string path, NoteDocument current)
    {
        var uses = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var document in diskParses.Where(p => p.Key != path).Select(p => p.Value).Append(current))
        {
            foreach (var e in document.Entries())
            {
                foreach (var name in e.Syntax.Tags.Select(t => t.Name).Distinct(StringComparer.Ordinal))
                {
                    uses[name] = uses.GetValueOrDefault(name) + 1;
                }
            }
        }

        return uses;
    }

    public static string? PaddedDate(string text)
    {
        var m = DateParts().Match(text);
        return m.Success ? $"{m.Groups[1].Value}-{m.Groups[2].Value.PadLeft(2, '0')}-{m.Groups[3].Value.PadLeft(2, '0')}" : null;
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")]
    private static partial Regex DateParts();

    // ------------------------------------------------------------------ glued entries

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\u3000';

    /// <summary>Where the entry's tag list (or its <c>Issue Date:</c> when it has none) begins: its first non-blank character.</summary>
    private static int TagListStart(string text, EntryAt entry)
    {
        var i = entry.Start;
        while (i < entry.Span.End && IsBlank(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsGlued(string text, EntryAt entry) => entry.Start > 0 && text[entry.Start - 1] is not ('\n' or '\r');

    /// <summary>
    /// The edit puts a glued entry on a line of its own: a line break right before its tag list, in place of
    /// at most the one blank that glued it (the corpus README: a single space stands where the dump lost the newline).
    /// Returns the entry's block index.
    /// </summary>
    private static int AssertUnglues(string text, NoteDocument parse, AppliedEdit edit, string what)
    {
        Assert.True(edit.NewText is "\n" or "\r\n" or "\n\n" or "\r\n\r\n", $"{what}: inserts {JsonValue.Create(edit.NewText)!.ToJsonString()}, not a line break");
        var crlf = text.Split("\r\n").Length - 1;
        var breaks = text.Count(c => c is '\n' or '\r') - crlf;
        if (crlf == 0 && breaks > 0)
        {
            Assert.True(edit.NewText.Replace("\n", string.Empty, StringComparison.Ordinal).Length == 0, $"{what}: a CRLF in a document that only has LF line breaks");
        }
        else if (crlf == breaks && crlf > 0)
        {
            Assert.True(edit.NewText.Replace("\r\n", string.Empty, StringComparison.Ordinal).Length == 0, $"{what}: an LF in a document that only has CRLF line breaks");
        }

        var entry = parse.Entries().Where(e => TagListStart(text, e) == edit.End).Select(e => (EntryAt?)e).FirstOrDefault();
        Assert.True(entry is not null, $"{what}: the line break at [{edit.Start}..{edit.End}) is not right before an entry's tag list");
        // A blank line only where the entry has no tags: it keeps text ending like a tag list ("…#ICML　Issue Date:") from becoming one.
        Assert.True(edit.NewText is "\n" or "\r\n" || (entry.Value.Syntax.Tags.Count == 0 && edit.NewText is "\n\n" or "\r\n\r\n"), $"{what}: a blank line before an entry that has tags");
        Assert.True(IsGlued(text, entry.Value), $"{what}: the entry at {entry.Value.Start} is not glued");
        Assert.True(edit.Removed == 0 || (edit.Removed == 1 && IsBlank(text[edit.Start])), $"{what}: deletes {JsonValue.Create(text[edit.Start..edit.End])!.ToJsonString()}, more than the blank that glued the entry");
        return entry.Value.Index;
    }

    private static void AssertUnglued(string after, NoteDocument afterParse, int index, AppliedEdit edit)
    {
        Assert.True(afterParse.BlockCount > index, "the entry is gone after the edit");
        var entry = afterParse.EntryByIndex(index);
        Assert.Equal(edit.NewStart + edit.NewText.Length, TagListStart(after, entry));
        Assert.False(IsGlued(after, entry), "the entry is still glued after the edit");
    }

    // ------------------------------------------------------------------ formatting

    public async Task CheckFormattingAsync(NoteSample document)
    {
        await OpenAsync(document);
        var uri = LspClient.Uri(document.Path);
        var editor = new EditorText(document.Text);
        var parse = document.Parse();
        var edits = editor.Resolve(await FormatAsync(uri), "formatting");
        var after = editor.Apply(edits);
        var glued = parse.Entries().Where(e => IsGlued(document.Text, e)).Select(e => e.Index).ToList();
        Assert.Equal(glued, edits.Select(e => AssertUnglues(document.Text, parse, e, "formatting")).ToList());
        Tally("formatting edit", edits.Count);

        var afterParse = NoteDocument.Parse(after);
        Assert.Equal(EntryFacts.Of(parse), EntryFacts.Of(afterParse));
        Assert.DoesNotContain(afterParse.Entries(), e => IsGlued(after, e));

        // Formatting the result proposes nothing more.
        await client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = ++version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = after }),
        });
        Assert.Empty(await FormatAsync(uri));
        await CloseAsync(document);
    }

    private async Task<JsonArray> FormatAsync(string uri) =>
        (await client.ResultAsync("textDocument/formatting", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["options"] = new JsonObject { ["tabSize"] = 4, ["insertSpaces"] = true },
        }))?.AsArray() ?? [];

    // ------------------------------------------------------------------ rename

    /// <summary>Every workspace file's text as the server sees it: the open document's, the others' on disk.</summary>
    private Dictionary<string, string> CurrentTexts(NoteSample document) =>
        new(diskTexts, StringComparer.Ordinal) { [document.Path] = document.Text };

    /// <summary>
    /// prepareRename on up to three occurrences of the tag in the document (on its <c>#</c>, inside its name, at
    /// its end), then a rename from one of them: the edit must replace exactly the name of every occurrence of the
    /// tag in every file, and each file must keep its entries with the tag renamed.
    /// </summary>
    public async Task CheckRenameAsync(NoteSample document, string tag, string newName, Random random)
    {
        var uri = LspClient.Uri(document.Path);
        var texts = CurrentTexts(document);
        var parses = texts.ToDictionary(t => t.Key, t => t.Key == document.Path ? document.Parse() : diskParses[t.Key], StringComparer.Ordinal);
        var editor = new EditorText(document.Text);
        var occurrences = NameSpans(parses[document.Path], tag);
        var positions = new List<int>();
        foreach (var name in occurrences.Take(1).Concat(occurrences.Skip(1).OrderBy(_ => random.Next()).Take(2)))
        {
            var middle = name.Start + (name.Length / 2);
            if (char.IsLowSurrogate(document.Text[middle]) && char.IsHighSurrogate(document.Text[middle - 1]))
            {
                middle--;
            }

            foreach (var at in new[] { name.Start - 1, middle, name.End })
            {
                var answer = await client.ResultAsync("textDocument/prepareRename", DocPos(uri, editor, at));
                Tally("prepareRename");
                var prepared = Assert.IsType<JsonObject>(answer);
                Assert.Equal(tag, (string?)prepared["placeholder"]);
                Assert.Equal(name.Start, editor.OffsetOf(prepared["range"]!["start"]!, "prepareRename"));
                Assert.Equal(name.End, editor.OffsetOf(prepared["range"]!["end"]!, "prepareRename"));
                positions.Add(at);
            }
        }

        var request = DocPos(uri, editor, positions[random.Next(positions.Count)]);
        request["newName"] = newName;
        var result = await client.ResultAsync("textDocument/rename", request);
        var changes = result!["changes"]!.AsObject();
        Tally("rename");
        var replacement = newName.Trim();
        foreach (var (path, text) in texts)
        {
            var expected = NameSpans(parses[path], tag);
            var fileUri = LspClient.Uri(path);
            if (!changes.TryGetPropertyValue(fileUri, out var fileEdits) || fileEdits is null)
            {
                Assert.True(expected.Count == 0, $"rename of `#{tag}` leaves {expected.Count} occurrences in {Path.GetFileName(path)}");
                continue;
            }

            var fileEditor = path == document.Path ? editor : new EditorText(text);
            var edits = fileEditor.Resolve(fileEdits.AsArray(), $"rename in {Path.GetFileName(path)}");
            Assert.Equal(expected.Select(s => (s.Start, s.End, replacement)), edits.Select(e => (e.Start, e.End, e.NewText)));
            Tally("rename edit", edits.Count);
            var after = NoteDocument.Parse(fileEditor.Apply(edits));
            var renamed = EntryFacts.Of(parses[path]).Select(f => f with { Tags = string.Join(" #", f.Tags.Split(" #").Select(t => t == tag ? replacement : t)) });
            Assert.True(renamed.SequenceEqual(EntryFacts.Of(after)), $"renaming `#{tag}` to '{newName}' changes the entries of {Path.GetFileName(path)}");
        }

        Assert.DoesNotContain(changes, c => !texts.ContainsKey(new Uri(c.Key).LocalPath));
    }

    /// <summary>
    /// Renames entry number <paramref name="number"/> to <paramref name="newNumber"/> from its header: the edit must replace
    /// exactly the digits of every copy's number and of every reference to it in every file (derived here from an
    /// independent parse), and each file must keep its entries with only that number changed.
    /// </summary>
    public async Task CheckNumberRenameAsync(NoteSample document, int number, int newNumber)
    {
        var uri = LspClient.Uri(document.Path);
        var texts = CurrentTexts(document);
        var parses = texts.ToDictionary(t => t.Key, t => t.Key == document.Path ? document.Parse() : diskParses[t.Key], StringComparer.Ordinal);
        var defined = parses.Values.SelectMany(p => p.Entries()).Select(e => e.Syntax.Number).OfType<int>().ToHashSet();
        var editor = new EditorText(document.Text);
        var header = parses[document.Path].Entries().First(e => e.Syntax.Number == number);
        var request = DocPos(uri, editor, header.Start + header.Syntax.NumberSpan!.Value.Start + 1);
        request["newName"] = newNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var changes = (await client.ResultAsync("textDocument/rename", request))!["changes"]!.AsObject();
        Tally("number rename");
        var replacement = (string)request["newName"]!;
        foreach (var (path, text) in texts)
        {
            var expected = new List<(int Start, int End, string NewText)>();
            foreach (var entry in parses[path].Entries())
            {
                if (entry.Syntax.Number == number)
                {
                    var digits = entry.Syntax.NumberSpan!.Value;
                    expected.Add((entry.Start + digits.Start + 1, entry.Start + digits.End, replacement));
                }

                foreach (var reference in entry.Syntax.References.Where(r => r.Number == number && (!r.Tentative || defined.Contains(number))))
                {
                    expected.Add((entry.Start + reference.NumberSpan.Start, entry.Start + reference.NumberSpan.End, replacement));
                }
            }

            if (!changes.TryGetPropertyValue(LspClient.Uri(path), out var fileEdits) || fileEdits is null)
            {
                Assert.True(expected.Count == 0, $"renaming #{number} leaves {expected.Count} occurrences in {Path.GetFileName(path)}");
                continue;
            }

            var fileEditor = path == document.Path ? editor : new EditorText(text);
            var edits = fileEditor.Resolve(fileEdits.AsArray(), $"number rename in {Path.GetFileName(path)}");
            Assert.Equal(expected.Order(), edits.Select(e => (e.Start, e.End, e.NewText)).Order());
            Tally("number rename edit", edits.Count);
            var renamed = EntryFacts.Of(parses[path]).Select(f => f.Number == number ? f with { Number = newNumber } : f);
            Assert.True(renamed.SequenceEqual(EntryFacts.Of(NoteDocument.Parse(fileEditor.Apply(edits)))), $"renaming #{number} changes the entries of {Path.GetFileName(path)}");
        }

        Assert.DoesNotContain(changes, c => !texts.ContainsKey(new Uri(c.Key).LocalPath));
    }

    /// <summary>Renames to names that are not tag names are refused with an error, never answered with an edit.</summary>
    public async Task CheckInvalidRenamesAsync(NoteSample document, string tag, IEnumerable<string> names)
    {
        var editor = new EditorText(document.Text);
        var at = NameSpans(document.Parse(), tag)[0].Start;
        foreach (var name in names)
        {
            var request = DocPos(LspClient.Uri(document.Path), editor, at);
            request["newName"] = name;
            var response = await client.RequestAsync("textDocument/rename", request);
            Assert.True(response["error"] is not null, $"rename to {JsonValue.Create(name)!.ToJsonString()} answered {response["result"]?.ToJsonString()}");
            Tally("invalid name refused");
        }
    }

    /// <summary>The name (after <c>#</c>) of every occurrence of the tag, in absolute offsets, in document order.</summary>
    private static List<TextSpan> NameSpans(NoteDocument parse, string tag) =>
        [.. parse.Entries().SelectMany(e => e.Syntax.Tags.Where(t => t.Name == tag).Select(t => e.Absolute(new TextSpan(t.Span.Start + 1, t.Span.Length - 1))))];

    private static JsonObject DocPos(string uri, EditorText editor, int offset) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = editor.PositionAt(offset),
    };

    private void Tally(string what, int n = 1) => counts[what] = counts.GetValueOrDefault(what) + n;

    public async ValueTask DisposeAsync()
    {
        try
        {
            Assert.Equal(0, await client.ShutdownAsync());
        }
        finally
        {
            await client.DisposeAsync();
            workspace.Dispose();
        }
    }
}
