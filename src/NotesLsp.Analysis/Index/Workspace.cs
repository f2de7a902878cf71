using System.Runtime.CompilerServices;
using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>
/// What the editor says about a document it has open: the name it uses for it (an LSP client's URI, kept as spelt)
/// and its version. While a document is open, the editor's text is the workspace's text, not the file on disk.
/// </summary>
public sealed record EditorState(string Name, int Version);

/// <summary>One reading of an entry kept in several dumps: the first copy that reads this way, its date and its content hash.</summary>
public readonly record struct CopyVariant(string Document, EntrySyntax Entry, string? DateKey, long ContentHash);

/// <summary>Where an entry is: which document, and the entry itself (with its offset at the time of lookup).</summary>
public readonly record struct EntryLocation(string Document, EntryAt Entry);

/// <summary>
/// What an index update changed: <see cref="Global"/> when the set of entry numbers or the tag counts changed (every
/// document's cross-file diagnostics may move), else only the copies of <see cref="Numbers"/>.
/// </summary>
public readonly record struct IndexChange(bool Global, IReadOnlyCollection<int> Numbers)
{
    public static IndexChange None { get; } = new(false, []);

    public bool Any => Global || Numbers.Count > 0;
}

/// <summary>
/// The analysis state of a set of note documents: the documents, the cross-file index (entry copies, tags,
/// references) and the rules. It knows nothing about how documents arrive (files, an editor) or how results leave
/// (CLI, LSP). Each document contributes counts; replacing a document applies the difference of the blocks the
/// incremental parser replaced, so the index is updated per edit rather than rebuilt.
/// </summary>
public sealed class Workspace
{
    private readonly Dictionary<string, DocumentState> documents;
    private readonly Dictionary<int, EntryCopies> copies = [];
    private readonly Dictionary<string, int> tagEntries = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<EntrySyntax, NoteDiagnostic[]> textDiagnostics = [];
    private readonly ConditionalWeakTable<EntrySyntax, EntryDiagnostics> entryDiagnostics = [];
    private readonly ConditionalWeakTable<NoteDocument, NumberLookups> entriesByNumber = [];
    private readonly Dictionary<int, (long Version, CopyVariant[] Variants)> variants = [];
    private const int ScansBeforeNumberMap = 4;
    private Dictionary<string, string>? nearMisses;
    private string[]? sortedKeys;
    private long copiesVersion;
    private long stamps;

    public Workspace(NotesConfig? config = null)
        : this(ConfigResolver.Fixed(config ?? NotesConfig.Default))
    {
    }

    /// <param name="configs">Which configuration applies to each document.</param>
    /// <param name="keyComparer">How document keys (paths) compare: ignoring case where the file system does.</param>
    public Workspace(ConfigResolver configs, StringComparer? keyComparer = null)
    {
        Configs = configs;
        documents = new Dictionary<string, DocumentState>(keyComparer ?? StringComparer.Ordinal);
    }

    /// <summary>Which configuration applies to each document.</summary>
    public ConfigResolver Configs { get; set; }

    /// <summary>Bumped whenever entry numbers appear or disappear or tag counts change (not on edits that leave them).</summary>
    public int IndexVersion { get; private set; }

    /// <summary>Document keys in ordinal order.</summary>
    public IReadOnlyList<string> Documents => sortedKeys ??= [.. documents.Values.Select(d => d.Key).Order(StringComparer.Ordinal)];

    public int DocumentCount => documents.Count;

    /// <summary>How many entries carry each tag: copies of one entry count once, and a dump's category counts as a tag of its entries.</summary>
    public IReadOnlyDictionary<string, int> TagCounts => tagEntries;

    public NoteDocument? Get(string key) => documents.TryGetValue(key, out var d) ? d.Document : null;

    /// <summary>The key as the workspace spells it when it holds the document under a key that compares equal (another case), else <paramref name="key"/>.</summary>
    public string CanonicalKey(string key) => documents.TryGetValue(key, out var d) ? d.Key : key;

    public DocumentFacts? FactsOf(string key) => documents.TryGetValue(key, out var d) ? d.Facts : null;

    /// <summary>
    /// Changes whenever the document or the copies of one of its entries change: with <see cref="IndexVersion"/> and the
    /// configuration, it tells whether the document's diagnostics can have changed without computing them.
    /// </summary>
    public long StampOf(string key) => documents.TryGetValue(key, out var d) ? d.Stamp : 0;

    /// <summary>The editor's state of a document it has open, or null.</summary>
    public EditorState? EditorOf(string key) => documents.TryGetValue(key, out var d) ? d.Editor : null;

    public bool IsOpen(string key) => EditorOf(key) is not null;

    /// <summary>The documents an editor has open, in key order.</summary>
    public IEnumerable<string> OpenDocuments => Documents.Where(IsOpen);

    /// <summary>An editor opened or changed a document: its text replaces whatever the workspace had for the key.</summary>
    public IndexChange SetOpen(string key, EditorState editor, NoteDocument document)
    {
        // File diagnostics (byte-order mark, encoding) describe the disk copy, not the editor's text.
        var change = Set(key, document, IsOpen(key) ? null : []);
        documents[key] = documents[key] with { Editor = editor };
        return change;
    }

    /// <summary>The editor closed a document; its text stays until the caller reloads or removes it.</summary>
    public bool Close(string key)
    {
        if (!documents.TryGetValue(key, out var state) || state.Editor is null)
        {
            return false;
        }

        documents[key] = state with { Editor = null };
        return true;
    }

    public NotesConfig ConfigOf(string key) => Configs.For(key);

    /// <summary>
    /// Adds or replaces a document and returns what changed in the index. A replacement compares the two block lists
    /// by reference (the incremental parser reuses untouched blocks) and applies only the facts of the blocks that differ.
    /// </summary>
    public IndexChange Set(string key, NoteDocument document, IReadOnlyList<NoteDiagnostic>? fileDiagnostics = null)
    {
        if (!documents.TryGetValue(key, out var old))
        {
            var initial = document.Blocks();
            var state = new DocumentState(key, document, initial, new DocumentFacts(), fileDiagnostics ?? [], null, ++stamps, new EntryDiagnostics?[initial.Count]);
            documents[key] = state;
            sortedKeys = null;
            return AddNew(key, state);
        }

        var delta = new FactsDelta();
        key = old.Key;
        if (document.TryGetChangeFrom(old.Document, out var first, out var removed, out var added)
            && EntryFacts.CategoryOf(old.Document) == EntryFacts.CategoryOf(document))
        {
            // An incremental edit of the current version: only the replaced blocks change, and the block list is the
            // old one with them spliced out (no walk of the whole tree).
            // Read the replaced blocks first: a one-for-one splice reuses the old arrays.
            delta.AddAll(old.Document, Range(old.Blocks, first, first + removed), -1);
            delta.AddAll(document, added, +1);
            CarryNumberMap(old, document, first, removed, added);
            documents[key] = old with { Document = document, Blocks = Splice(old.Blocks, first, removed, added), FileDiagnostics = fileDiagnostics ?? old.FileDiagnostics, Stamp = ++stamps, Cache = Splice(old.Cache, first, removed, added.Count) };
            return Apply(key, old.Facts, delta);
        }

        var blocks = document.Blocks();
        documents[key] = old with { Document = document, Blocks = blocks, FileDiagnostics = fileDiagnostics ?? old.FileDiagnostics, Stamp = ++stamps, Cache = new EntryDiagnostics?[blocks.Count] };
        if (EntryFacts.CategoryOf(old.Document) != EntryFacts.CategoryOf(document))
        {
            // The category is an implicit tag of every entry: all of them change.
            delta.AddAll(old.Document, old.Blocks, -1);
            delta.AddAll(document, blocks, +1);
            return Apply(key, old.Facts, delta);
        }

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

        delta.AddAll(old.Document, Range(old.Blocks, prefix, old.Blocks.Count - suffix), -1);
        delta.AddAll(document, Range(blocks, prefix, blocks.Count - suffix), +1);
        return Apply(key, old.Facts, delta);
    }

    /// <summary>
    /// Swaps in a document with exactly the text of the current one (a compacted copy): facts and index stay as they
    /// are, so nothing is recomputed but the per-entry caches.
    /// </summary>
    public void ReplaceWithSameText(string key, NoteDocument document)
    {
        var old = documents[key];
        if (old.Document.Length != document.Length)
        {
            throw new ArgumentException("The replacement must have the same text.", nameof(document));
        }

        var blocks = document.Blocks();
        documents[key] = old with { Document = document, Blocks = blocks, Cache = new EntryDiagnostics?[blocks.Count] };
    }

    public IndexChange Remove(string key)
    {
        if (!documents.Remove(key, out var old))
        {
            return IndexChange.None;
        }

        key = old.Key;
        sortedKeys = null;
        var delta = new FactsDelta();
        delta.AddAll(old.Document, old.Blocks, -1);
        return Apply(key, old.Facts, delta);
    }

    public bool IsDefined(int number) => copies.ContainsKey(number);

    /// <summary>Every copy of entry <paramref name="number"/>: document, date, content hash and title, with counts.</summary>
    public IReadOnlyList<CopyFact> CopiesOf(int number) => copies.TryGetValue(number, out var c) ? c.Copies : [];

    /// <summary>Changes whenever a copy of <paramref name="number"/> is added, removed or edited.</summary>
    public long CopiesVersionOf(int number) => copies.TryGetValue(number, out var c) ? c.Version : 0;

    /// <summary>Every entry number defined in the workspace (in no particular order).</summary>
    public IEnumerable<int> Numbers => copies.Keys;

    /// <summary>The tags the copies of <paramref name="number"/> carry, category included.</summary>
    public IEnumerable<string> TagsOf(int number) => copies.TryGetValue(number, out var c) ? c.Tags : [];

    /// <summary>The documents holding a copy of <paramref name="number"/>, in key order.</summary>
    public IEnumerable<string> DocumentsDefining(int number) =>
        CopiesOf(number).Select(c => c.Document).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>Every entry with this number, in every document, in key order (copies of one entry included).</summary>
    public IEnumerable<EntryLocation> Definitions(int number)
    {
        foreach (var key in DocumentsDefining(number))
        {
            foreach (var entry in EntriesNumbered(key, number))
            {
                yield return new EntryLocation(key, entry);
            }
        }
    }

    /// <summary>
    /// The entries of one document that carry <paramref name="number"/>, in document order. The first few lookups in a
    /// document version scan its blocks (no allocation: an edit asks for the edited entry's copies once or twice);
    /// after that an index of the version is built and kept with it.
    /// </summary>
    public IEnumerable<EntryAt> EntriesNumbered(string key, int number)
    {
        if (!documents.TryGetValue(key, out var state) || !state.Facts.Defines(number))
        {
            yield break;
        }

        var lookups = entriesByNumber.GetValue(state.Document, static _ => new NumberLookups());
        if (lookups.Map is null && ++lookups.Scans <= ScansBeforeNumberMap)
        {
            var blocks = state.Blocks;
            var start = 0;
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = blocks[i];
                if (block is EntrySyntax entry && entry.Number == number)
                {
                    yield return new EntryAt(entry, start, i);
                }

                start += block.Length;
            }

            yield break;
        }

        lookups.Map ??= BuildNumberMap(state.Document);
        if (lookups.Map.TryGetValue(number, out var indexes))
        {
            foreach (var index in indexes)
            {
                yield return state.Document.EntryByIndex(index);
            }
        }
    }

    /// <summary>
    /// One copy of each reading of entry <paramref name="number"/> (distinct date and text, tag lists aside): the first in
    /// document order, dumps taken by path. Kept until a copy of the entry changes, so a number kept thousands of times
    /// is read once, not once per copy.
    /// </summary>
    public IReadOnlyList<CopyVariant> Variants(int number)
    {
        var version = CopiesVersionOf(number);
        if (variants.TryGetValue(number, out var known) && known.Version == version)
        {
            return known.Variants;
        }

        var seen = new HashSet<(string?, long)>();
        var found = new List<CopyVariant>();
        foreach (var document in DocumentsDefining(number))
        {
            foreach (var entry in EntriesNumbered(document, number))
            {
                var date = EntryDate.Of(entry.Syntax).Key;
                var hash = EntryContent.Hash(entry.Syntax);
                if (seen.Add((date, hash)))
                {
                    found.Add(new CopyVariant(document, entry.Syntax, date, hash));
                }
            }
        }

        variants[number] = (version, [.. found]);
        return found;
    }

    /// <summary>
    /// Every <c>・NNNN</c> reference to <paramref name="number"/>: document, entry and the reference's absolute span.
    /// A tentative reference (a short number glued to text) counts only while the entry exists.
    /// </summary>
    public IEnumerable<(string Document, EntryAt Entry, TextSpan Span)> References(int number)
    {
        var defined = IsDefined(number);
        foreach (var (key, state) in DocumentsWhere(static (facts, number) => facts.Refers(number), number))
        {
            foreach (var entry in EntriesOf(state))
            {
                foreach (var reference in entry.Syntax.References)
                {
                    if (reference.Number == number && (!reference.Tentative || defined))
                    {
                        yield return (key, entry, entry.Absolute(reference.Span));
                    }
                }
            }
        }
    }

    /// <summary>Every entry carrying <paramref name="tag"/> in its tag list: document, entry and the tag's absolute span.</summary>
    public IEnumerable<(string Document, EntryAt Entry, TextSpan Span)> TagOccurrences(string tag)
    {
        // Loops, not a LINQ chain per entry: a popular tag's references walk ~20,000 entries of a collection.
        foreach (var (key, state) in DocumentsWhere(static (facts, tag) => facts.Mentions(tag), tag))
        {
            foreach (var entry in EntriesOf(state))
            {
                foreach (var t in entry.Syntax.Tags)
                {
                    if (t.Name == tag)
                    {
                        yield return (key, entry, entry.Absolute(t.Span));
                    }
                }
            }
        }
    }

    /// <summary>The frequent tag that <paramref name="tag"/> is probably a typo of, if any.</summary>
    public string? NearMissOf(string tag)
    {
        nearMisses ??= NearMissTagRule.Compute(tagEntries);
        return nearMisses.TryGetValue(tag, out var target) ? target : null;
    }

    /// <summary>
    /// All diagnostics of a document with configured severities (rules set to off are left out), in document order.
    /// Findings that depend on an entry's text alone are kept as long as the entry object lives; the others until the
    /// index, the entry's copies or the configuration change. After an edit only the re-parsed entries are checked.
    /// </summary>
    public IReadOnlyList<NoteDiagnostic> Diagnostics(string key)
    {
        var placed = PlacedDiagnostics(key);
        var result = new NoteDiagnostic[placed.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = placed[i].Absolute;
        }

        return result;
    }

    /// <summary>
    /// <see cref="Diagnostics"/> as each entry keeps them, relative to the entry's start, with that start: after a
    /// keystroke, every entry after it has moved, and shifting their diagnostics would allocate one object per
    /// diagnostic (a 6.5 MB dump has ~1,700) for a publisher that only compares most of them with what it sent.
    /// </summary>
    public IReadOnlyList<PlacedDiagnostic> PlacedDiagnostics(string key)
    {
        var result = new List<PlacedDiagnostic>();
        PlacedDiagnostics(key, result);
        return result;
    }

    /// <summary><see cref="PlacedDiagnostics(string)"/> into a list the caller reuses (cleared first).</summary>
    public void PlacedDiagnostics(string key, List<PlacedDiagnostic> result)
    {
        result.Clear();
        if (!documents.TryGetValue(key, out var state))
        {
            return;
        }

        var config = Configs.For(key);
        result.EnsureCapacity(state.LastDiagnosticCount + 16);
        var absolute = new List<NoteDiagnostic>();
        foreach (var d in state.FileDiagnostics)
        {
            AddWithSeverity(absolute, d, config);
        }

        var doc = state.Document;
        var prologue = new DiagnosticBag();
        foreach (var rule in Rules.PrologueRules)
        {
            if (config.SeverityOf(rule) != Severity.Off)
            {
                rule.Check(doc.Prologue, prologue);
            }
        }

        foreach (var d in prologue.Items)
        {
            AddWithSeverity(absolute, d, config);
        }

        foreach (var d in absolute)
        {
            result.Add(new PlacedDiagnostic(d, 0));
        }

        var reportGlued = config.SeverityOf(Rules.GluedEntry) != Severity.Off;
        var blocks = state.Blocks;
        var start = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is EntrySyntax entry)
            {
                var glued = reportGlued && doc.IsGlued(new EntryAt(entry, start, i));
                var copiesVersion = entry.Number is { } n ? CopiesVersionOf(n) : 0;
                var cached = state.Cache[i];
                if (cached is null || !ReferenceEquals(cached.Entry, entry))
                {
                    entryDiagnostics.TryGetValue(entry, out cached);
                }

                if (cached is null || cached.IndexVersion != IndexVersion || cached.CopiesVersion != copiesVersion
                    || cached.Config != config || cached.Glued != glued || cached.Document != key)
                {
                    cached = new EntryDiagnostics(entry, key, IndexVersion, copiesVersion, config, glued, Check(key, entry, glued, config));
                    entryDiagnostics.AddOrUpdate(entry, cached);
                }

                state.Cache[i] = cached;
                foreach (var d in cached.Relative)
                {
                    result.Add(new PlacedDiagnostic(d, start));
                }
            }

            start += blocks[i].Length;
        }

        state.LastDiagnosticCount = result.Count;
    }

    /// <summary>One entry's diagnostics, relative to the entry's start, severities applied.</summary>
    private NoteDiagnostic[] Check(string key, EntrySyntax entry, bool glued, NotesConfig config)
    {
        var result = new List<NoteDiagnostic>();
        foreach (var d in textDiagnostics.GetValue(entry, CheckText))
        {
            AddWithSeverity(result, d, config);
        }

        var context = new EntryContext(entry, glued, key, this);
        var bag = new DiagnosticBag();
        foreach (var rule in Rules.EntryRules)
        {
            if (rule.ReadsContext && config.SeverityOf(rule) != Severity.Off)
            {
                rule.Check(context, bag);
            }
        }

        foreach (var d in bag.Items)
        {
            AddWithSeverity(result, d, config);
        }

        result.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
        return [.. result];
    }

    /// <summary>The findings of the rules that read nothing but the entry's own text, before severities.</summary>
    private NoteDiagnostic[] CheckText(EntrySyntax entry)
    {
        var context = new EntryContext(entry, false, string.Empty, this);
        var bag = new DiagnosticBag();
        foreach (var rule in Rules.EntryRules)
        {
            if (!rule.ReadsContext)
            {
                rule.Check(context, bag);
            }
        }

        return [.. bag.Items];
    }

    private static void AddWithSeverity(List<NoteDiagnostic> into, NoteDiagnostic diagnostic, NotesConfig config)
    {
        var severity = config.SeverityOf(diagnostic.Rule);
        if (severity != Severity.Off)
        {
            into.Add(diagnostic.Severity == severity ? diagnostic : diagnostic with { Severity = severity });
        }
    }

    /// <summary>Walks only the documents whose facts say they hold a match, in key order.</summary>
    /// <summary>A document's entries from the block list the workspace keeps (no copy of the tree's blocks).</summary>
    private static IEnumerable<EntryAt> EntriesOf(DocumentState state)
    {
        var start = 0;
        var blocks = state.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is EntrySyntax entry)
            {
                yield return new EntryAt(entry, start, i);
            }

            start += blocks[i].Length;
        }
    }

    private IEnumerable<(string Key, DocumentState State)> DocumentsWhere<T>(Func<DocumentFacts, T, bool> mayHold, T argument)
    {
        foreach (var key in Documents)
        {
            var state = documents[key];
            if (mayHold(state.Facts, argument))
            {
                yield return (key, state);
            }
        }
    }

    /// <summary>
    /// A document new to the workspace: its entries' facts go straight into the index, without the delta that an edit
    /// needs to cancel what it removed against what it added (loading a collection is dominated by this).
    /// </summary>
    private IndexChange AddNew(string key, DocumentState state)
    {
        var category = EntryFacts.CategoryOf(state.Document);
        var facts = state.Facts;
        var touched = new HashSet<int>();
        foreach (var block in state.Blocks)
        {
            if (block is not EntrySyntax entry)
            {
                continue;
            }

            var f = EntryFacts.For(entry, category);
            if (f.Number is { } number)
            {
                DocumentFacts.Bump(facts.Numbers, number, 1);
                if (!copies.TryGetValue(number, out var entryCopies))
                {
                    entryCopies = new EntryCopies();
                    copies[number] = entryCopies;
                }

                entryCopies.AddCopy(key, f.DateKey, f.ContentHash, f.Title, 1);
                foreach (var tag in f.EffectiveTags)
                {
                    if (entryCopies.AddTag(tag, 1) != 0)
                    {
                        DocumentFacts.Bump(tagEntries, tag, 1);
                    }
                }

                touched.Add(number);
            }
            else
            {
                facts.Unnumbered++;
                foreach (var tag in f.EffectiveTags)
                {
                    DocumentFacts.Bump(tagEntries, tag, 1);
                }
            }

            foreach (var tag in f.ExplicitTags)
            {
                DocumentFacts.Bump(facts.Tags, tag, 1);
            }

            foreach (var r in f.Referenced)
            {
                DocumentFacts.Bump(facts.Referenced, r, 1);
            }
        }

        foreach (var number in touched)
        {
            Touch(copies[number]);
        }

        nearMisses = null;
        IndexVersion++;
        return new IndexChange(true, touched);
    }

    /// <summary>A copy of the entry changed: its version moves, and so do the stamps of the documents that hold a copy.</summary>
    private void Touch(EntryCopies entry)
    {
        entry.Version = ++copiesVersion;
        foreach (var document in entry.Copies.Select(c => c.Document).Distinct(StringComparer.Ordinal))
        {
            if (documents.TryGetValue(document, out var state))
            {
                documents[document] = state with { Stamp = ++stamps };
            }
        }
    }

    private IndexChange Apply(string key, DocumentFacts facts, FactsDelta delta)
    {
        if (delta.IsEmpty)
        {
            return IndexChange.None;
        }

        facts.Apply(delta);
        var global = false;
        var touched = new HashSet<int>();
        foreach (var ((number, dateKey, hash, title), change) in delta.Copies)
        {
            if (!copies.TryGetValue(number, out var entry))
            {
                entry = new EntryCopies();
                copies[number] = entry;
                global = true;
            }

            entry.AddCopy(key, dateKey, hash, title, change);
            touched.Add(number);
        }

        foreach (var ((number, tag), change) in delta.NumberTags)
        {
            if (!copies.TryGetValue(number, out var entry))
            {
                entry = new EntryCopies();
                copies[number] = entry;
            }

            var gained = entry.AddTag(tag, change);
            if (gained != 0)
            {
                DocumentFacts.Bump(tagEntries, tag, gained);
                global = true;
            }
        }

        foreach (var (tag, change) in delta.UnnumberedTags)
        {
            DocumentFacts.Bump(tagEntries, tag, change);
            global = true;
        }

        foreach (var number in touched)
        {
            var entry = copies[number];
            if (entry.IsEmpty)
            {
                copies.Remove(number);
                variants.Remove(number);
                global = true;
            }
            else
            {
                Touch(entry);
            }
        }

        if (global)
        {
            nearMisses = null;
            IndexVersion++;
        }

        return new IndexChange(global, touched);
    }

    /// <summary>
    /// An edit that replaced blocks one for one without changing their numbers (typing inside an entry) leaves every
    /// block index and number where it was: the new version shares the old one's number map instead of building its own
    /// (8,000 entries on a 10 MB dump, per keystroke, once a search or the rules look up a few numbers).
    /// </summary>
    private void CarryNumberMap(DocumentState old, NoteDocument document, int first, int removed, IReadOnlyList<Block> added)
    {
        if (removed != added.Count || !entriesByNumber.TryGetValue(old.Document, out var lookups) || lookups.Map is null)
        {
            return;
        }

        for (var i = 0; i < removed; i++)
        {
            if (old.Blocks[first + i] is not EntrySyntax before || added[i] is not EntrySyntax after || before.Number != after.Number)
            {
                return;
            }
        }

        entriesByNumber.AddOrUpdate(document, lookups);
    }

    private static Dictionary<int, int[]> BuildNumberMap(NoteDocument document)
    {
        var map = new Dictionary<int, List<int>>();
        foreach (var entry in document.Entries())
        {
            if (entry.Syntax.Number is { } n)
            {
                if (!map.TryGetValue(n, out var list))
                {
                    list = [];
                    map[n] = list;
                }

                list.Add(entry.Index);
            }
        }

        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>
    /// The block list with <paramref name="removed"/> blocks from <paramref name="first"/> replaced by <paramref name="added"/>.
    /// One for one (a keystroke), the list is changed in place: it belongs to the state being replaced, and copying
    /// it cost 42 KB per keystroke in a 6.5 MB dump, a third of what an edit allocated.
    /// </summary>
    private static IReadOnlyList<Block> Splice(IReadOnlyList<Block> blocks, int first, int removed, IReadOnlyList<Block> added)
    {
        if (removed == added.Count && blocks is Block[] or List<Block>)
        {
            var list = (IList<Block>)blocks;
            for (var i = 0; i < removed; i++)
            {
                list[first + i] = added[i];
            }

            return blocks;
        }

        var result = new Block[blocks.Count - removed + added.Count];
        CopyRange(blocks, 0, result, 0, first);
        CopyRange(added, 0, result, first, added.Count);
        CopyRange(blocks, first + removed, result, first + added.Count, blocks.Count - first - removed);
        return result;
    }

    private static EntryDiagnostics?[] Splice(EntryDiagnostics?[] cache, int first, int removed, int added)
    {
        if (removed == added)
        {
            Array.Clear(cache, first, removed);
            return cache;
        }

        var result = new EntryDiagnostics?[cache.Length - removed + added];
        Array.Copy(cache, 0, result, 0, first);
        Array.Copy(cache, first + removed, result, first + added, cache.Length - first - removed);
        return result;
    }

    private static void CopyRange(IReadOnlyList<Block> from, int start, Block[] to, int at, int count)
    {
        switch (from)
        {
            case Block[] array:
                Array.Copy(array, start, to, at, count);
                break;
            case List<Block> list:
                list.CopyTo(start, to, at, count);
                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    to[at + i] = from[start + i];
                }

                break;
        }
    }

    private static IEnumerable<Block> Range(IReadOnlyList<Block> blocks, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            yield return blocks[i];
        }
    }

    /// <summary>Number lookups in one document version: how many scanned it, and its index once built.</summary>
    private sealed class NumberLookups
    {
        public int Scans { get; set; }

        public Dictionary<int, int[]>? Map { get; set; }
    }

    /// <param name="Cache">Each block's cached diagnostics (see <see cref="Diagnostics"/>), aligned with <paramref name="Blocks"/>: looked up before the per-entry table.</param>
    private sealed record DocumentState(string Key, NoteDocument Document, IReadOnlyList<Block> Blocks, DocumentFacts Facts, IReadOnlyList<NoteDiagnostic> FileDiagnostics, EditorState? Editor, long Stamp, EntryDiagnostics?[] Cache)
    {
        /// <summary>How many diagnostics the last <see cref="Diagnostics"/> call found: the next list is sized for it (no regrowth per keystroke).</summary>
        public int LastDiagnosticCount { get; set; }
    }

    /// <summary>An entry's diagnostics relative to its start, valid for one document, index version, copies version, configuration and glue state.</summary>
    private sealed record EntryDiagnostics(EntrySyntax Entry, string Document, int IndexVersion, long CopiesVersion, NotesConfig Config, bool Glued, NoteDiagnostic[] Relative);
}
