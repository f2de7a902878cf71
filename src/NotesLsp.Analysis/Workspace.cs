using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>Where an entry is defined: which document, and the entry itself (with its offset at the time of lookup).</summary>
public readonly record struct EntryLocation(string Document, EntryAt Entry);

/// <summary>
/// The analysis state of a set of note documents: the cross-file index (numbers, tags, references) and the
/// rules. It knows nothing about how documents arrive (files, an editor) or how results leave (CLI, LSP).
/// Each document contributes a small summary (<see cref="DocumentFacts"/>); replacing a document swaps its
/// summary, so the index is updated per changed document rather than rebuilt.
/// </summary>
public sealed class Workspace
{
    private readonly Dictionary<string, (NoteDocument Doc, IReadOnlyList<Block> Blocks, DocumentFacts Facts, IReadOnlyList<NoteDiagnostic> Extra)> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<int, TitleCounts> titlesByNumber = [];
    private readonly Dictionary<string, int> tagCounts = new(StringComparer.Ordinal);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<EntrySyntax, EntryDiagnostics> entryDiagnostics = [];
    private Dictionary<string, string>? nearMisses;

    public Workspace(NotesConfig? config = null) => Config = config ?? NotesConfig.Default;

    public NotesConfig Config { get; set; }

    /// <summary>Bumped whenever the cross-file index changes (not on edits that leave it as it was).</summary>
    public int IndexVersion { get; private set; }

    public IEnumerable<string> Documents => documents.Keys;

    public int DocumentCount => documents.Count;

    public IReadOnlyDictionary<string, int> TagCounts => tagCounts;

    public NoteDocument? Get(string key) => documents.TryGetValue(key, out var d) ? d.Doc : null;

    /// <summary>
    /// Adds or replaces a document. Returns true when the cross-file index changed. A replacement compares
    /// the two block lists by reference (the incremental parser reuses untouched blocks) and applies only the
    /// facts of the blocks that differ.
    /// </summary>
    public bool Set(string key, NoteDocument document, IReadOnlyList<NoteDiagnostic>? extraDiagnostics = null)
    {
        var blocks = document.Blocks();
        if (!documents.TryGetValue(key, out var old))
        {
            var all = new FactsDelta();
            foreach (var block in blocks.OfType<EntrySyntax>())
            {
                all.Add(DocumentFacts.For(block), +1);
            }

            var facts = new DocumentFacts();
            facts.Apply(all);
            documents[key] = (document, blocks, facts, extraDiagnostics ?? []);
            Apply(all);
            return true;
        }

        documents[key] = (document, blocks, old.Facts, extraDiagnostics ?? old.Extra);
        var prefix = 0;
        var max = Math.Min(old.Blocks.Count, blocks.Count);
        while (prefix < max && ReferenceEquals(old.Blocks[prefix], blocks[prefix]))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < max - prefix && ReferenceEquals(old.Blocks[^(suffix + 1)], blocks[^(suffix + 1)]))
        {
            suffix++;
        }

        var delta = new FactsDelta();
        for (var i = prefix; i < old.Blocks.Count - suffix; i++)
        {
            if (old.Blocks[i] is EntrySyntax removed)
            {
                delta.Add(DocumentFacts.For(removed), -1);
            }
        }

        for (var i = prefix; i < blocks.Count - suffix; i++)
        {
            if (blocks[i] is EntrySyntax added)
            {
                delta.Add(DocumentFacts.For(added), +1);
            }
        }

        if (delta.IsEmpty)
        {
            return false;
        }

        old.Facts.Apply(delta);
        Apply(delta);
        return true;
    }

    /// <summary>
    /// Swaps in a document with exactly the text of the current one (a compacted copy): facts and index stay as they
    /// are, so nothing is recomputed but the per-entry caches.
    /// </summary>
    public void ReplaceWithSameText(string key, NoteDocument document)
    {
        var old = documents[key];
        if (old.Doc.Length != document.Length)
        {
            throw new ArgumentException("The replacement must have the same text.", nameof(document));
        }

        documents[key] = (document, document.Blocks(), old.Facts, old.Extra);
    }

    public bool Remove(string key)
    {
        if (!documents.Remove(key, out var old))
        {
            return false;
        }

        Apply(old.Facts.Negated());
        return true;
    }

    public bool IsDefined(int number) => titlesByNumber.ContainsKey(number);

    /// <summary>Every entry with this number, in every document (the same entry may be listed in several category files).</summary>
    public IEnumerable<EntryLocation> Definitions(int number)
    {
        if (!titlesByNumber.ContainsKey(number))
        {
            yield break;
        }

        foreach (var (key, value) in documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!value.Facts.Defines(number))
            {
                continue;
            }

            foreach (var entry in value.Doc.Entries())
            {
                if (entry.Syntax.Number == number)
                {
                    yield return new EntryLocation(key, entry);
                }
            }
        }
    }

    /// <summary>Every <c>・NNNN</c> reference to <paramref name="number"/>: document, entry and the reference's absolute span.</summary>
    public IEnumerable<(string Document, EntryAt Entry, TextSpan Span)> References(int number) =>
        Occurrences(facts => facts.Refers(number), e => e.References.Where(r => r.Number == number).Select(r => r.Span));

    /// <summary>Every entry carrying <paramref name="tag"/>: document, entry and the tag's absolute span.</summary>
    public IEnumerable<(string Document, EntryAt Entry, TextSpan Span)> TagOccurrences(string tag) =>
        Occurrences(facts => facts.Mentions(tag), e => e.Tags.Where(t => t.Name == tag).Select(t => t.Span));

    /// <summary>Walks only the documents whose facts say they hold a match, in key order.</summary>
    private IEnumerable<(string Document, EntryAt Entry, TextSpan Span)> Occurrences(Func<DocumentFacts, bool> mayHold, Func<EntrySyntax, IEnumerable<TextSpan>> spansIn)
    {
        foreach (var (key, value) in documents.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!mayHold(value.Facts))
            {
                continue;
            }

            foreach (var entry in value.Doc.Entries())
            {
                foreach (var span in spansIn(entry.Syntax))
                {
                    yield return (key, entry, entry.Absolute(span));
                }
            }
        }
    }

    /// <summary>The frequent tag that <paramref name="tag"/> is probably a typo of, if any.</summary>
    public string? NearMissOf(string tag)
    {
        nearMisses ??= NearMissTags.Compute(tagCounts);
        return nearMisses.TryGetValue(tag, out var target) ? target : null;
    }

    /// <summary>
    /// All diagnostics of a document with configured severities (rules set to off are left out), in document order.
    /// Each entry's diagnostics are kept (relative to the entry) until the cross-file index or the configuration
    /// changes, so after an edit only the re-parsed entries are checked again.
    /// </summary>
    public IReadOnlyList<NoteDiagnostic> Diagnostics(string key)
    {
        if (!documents.TryGetValue(key, out var state))
        {
            return [];
        }

        var result = new List<NoteDiagnostic>();
        foreach (var d in state.Extra)
        {
            Add(result, d);
        }

        var doc = state.Doc;
        foreach (var stray in doc.Prologue.StrayLines)
        {
            Add(result, EntryRules.Make(Rules.StrayText, stray, "Text before the first entry: only the category title may precede the entries."));
        }

        var reportGlued = Config.SeverityOf(Rules.GluedEntry) != Severity.Off;
        var blocks = state.Blocks;
        var start = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is EntrySyntax entry)
            {
                var glued = reportGlued && doc.IsGlued(new EntryAt(entry, start, i));
                if (!entryDiagnostics.TryGetValue(entry, out var cached) || cached.IndexVersion != IndexVersion || cached.Config != Config || cached.Glued != glued)
                {
                    cached = new EntryDiagnostics(IndexVersion, Config, glued, [.. EntryDiagnosticsOf(entry, glued)]);
                    entryDiagnostics.AddOrUpdate(entry, cached);
                }

                foreach (var d in cached.Relative)
                {
                    result.Add(d.Shift(start));
                }
            }

            start += blocks[i].Length;
        }

        return result;
    }

    /// <summary>One entry's diagnostics, relative to the entry's start, severities applied.</summary>
    private List<NoteDiagnostic> EntryDiagnosticsOf(EntrySyntax syntax, bool glued)
    {
        var result = new List<NoteDiagnostic>();
        if (glued)
        {
            Add(result, EntryRules.Make(Rules.GluedEntry, new TextSpan(0, Math.Max(1, syntax.TagListSpan.End)), "Entry starts on the same line as the previous text; it can go on a line of its own."));
        }

        foreach (var d in EntryRules.Check(syntax))
        {
            Add(result, d);
        }

        if (syntax.Number is { } number && titlesByNumber.TryGetValue(number, out var titles) && titles.Count > 1)
        {
            var title = syntax.Title;
            var others = string.Join("; ", titles.Titles.Where(t => t != title).Order(StringComparer.Ordinal).Take(3).Select(t => $"\"{t}\""));
            Add(result, EntryRules.Make(Rules.DuplicateNumber, syntax.NumberSpan!.Value, $"Entry number #{number} is also used by a different entry: {others}."));
        }

        foreach (var reference in syntax.References)
        {
            if (!titlesByNumber.ContainsKey(reference.Number))
            {
                Add(result, EntryRules.Make(Rules.UnresolvedReference, reference.Span, $"No entry #{reference.Number} in the workspace (it may live in a dump that is not open here)."));
            }
        }

        foreach (var tag in syntax.Tags)
        {
            if (tag.Name.Length > 0 && NearMissOf(tag.Name) is { } target)
            {
                Add(result, EntryRules.Make(Rules.NearMissTag, tag.Span, $"Tag `#{tag.Name}` is used {tagCounts.GetValueOrDefault(tag.Name)} time(s); did you mean `#{target}` (used {tagCounts[target]} times)?", "#" + target));
            }
        }

        return result;
    }

    private void Add(List<NoteDiagnostic> into, NoteDiagnostic diagnostic)
    {
        var severity = diagnostic.Severity == diagnostic.Rule.DefaultSeverity ? Config.SeverityOf(diagnostic.Rule) : diagnostic.Severity;
        if (severity != Severity.Off)
        {
            into.Add(diagnostic with { Severity = severity });
        }
    }

    private void Apply(FactsDelta delta)
    {
        foreach (var ((number, title), change) in delta.NumberedTitles)
        {
            if (!titlesByNumber.TryGetValue(number, out var titles))
            {
                titles = new TitleCounts();
                titlesByNumber[number] = titles;
            }

            titles.Add(title, change);
            if (titles.Count == 0)
            {
                titlesByNumber.Remove(number);
            }
        }

        foreach (var (tag, change) in delta.Tags)
        {
            var count = tagCounts.GetValueOrDefault(tag) + change;
            if (count > 0)
            {
                tagCounts[tag] = count;
            }
            else
            {
                tagCounts.Remove(tag);
            }
        }

        if (delta.Tags.Count > 0)
        {
            nearMisses = null;
        }

        IndexVersion++;
    }
}

/// <summary>An entry's diagnostics relative to its start, valid for one index version, configuration and glue state.</summary>
internal sealed record EntryDiagnostics(int IndexVersion, NotesConfig Config, bool Glued, NoteDiagnostic[] Relative);
