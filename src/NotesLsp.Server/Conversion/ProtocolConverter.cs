using NotesLsp.Analysis;
using NotesLsp.Ide;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Conversion;

/// <summary>
/// Turns the feature layer's plain answers (UTF-16 offsets, workspace keys) into LSP records and back: the one place
/// that knows the negotiated position encoding and how documents are named on the wire (rust-analyzer's
/// <c>to_proto</c>/<c>from_proto</c>). Only the server thread uses it.
/// </summary>
internal sealed class ProtocolConverter(Workspace workspace, PathRules paths)
{
    public PositionEncoder Encoder { get; set; } = PositionEncoder.Utf16;

    public PathRules Paths { get; } = paths;

    /// <summary>True when workspace edits may use <c>documentChanges</c> (versioned edits).</summary>
    public bool DocumentChangesSupported { get; set; }

    /// <summary>The workspace key of a URI, spelt as the workspace already knows it (paths compare by the platform's rules).</summary>
    public string KeyOf(string uri) => workspace.CanonicalKey(DocumentUris.KeyOf(uri, Paths));

    /// <summary>The URI of a document: the client's own spelling while it has it open, else one built from its path.</summary>
    public string UriOf(string key) =>
        workspace.EditorOf(key)?.Name ?? (IsLocalPath(key) ? DocumentUris.FromPath(key, Paths) : key);

    public bool IsLocalPath(string key) => Paths.IsWindows ? key.Length >= 3 && (key[1] == ':' || key.StartsWith(@"\\", StringComparison.Ordinal)) : key.StartsWith('/');

    public int Offset(NoteDocument document, Position position) => Encoder.ToOffset(document, position);

    public TextSpan Span(NoteDocument document, Range range) => Encoder.ToSpan(document, range);

    public Position Position(NoteDocument document, int offset) => Encoder.ToPosition(document, offset);

    public Range Range(NoteDocument document, TextSpan span) => Encoder.ToRange(document, span);

    public Range Range(string key, TextSpan span) => Encoder.ToRange(workspace.Get(key)!, span);

    public Location Location(string key, TextSpan span) => new(UriOf(key), Range(key, span));

    /// <summary>Many locations at once (references of a tag used thousands of times): each document's URI is built once.</summary>
    public Location[] Locations(IReadOnlyCollection<NavigationTarget> targets)
    {
        var locations = new Location[targets.Count];
        var uris = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var target in targets)
        {
            if (!uris.TryGetValue(target.Document, out var uri))
            {
                uri = UriOf(target.Document);
                uris[target.Document] = uri;
            }

            locations[i++] = new Location(uri, Range(target.Document, target.Span));
        }

        return locations;
    }

    public TextEdit[] TextEdits(NoteDocument document, IEnumerable<TextChange> changes) =>
        [.. changes.Select(c => new TextEdit(Range(document, c.Span), c.NewText))];

    /// <summary>A workspace edit in the form the client understands (versioned document changes when it can).</summary>
    public WorkspaceEdit Edit(SourceChange change)
    {
        var edits = change.Edits.Where(e => e.Value.Count > 0 && workspace.Get(e.Key) is not null)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (e.Key, Edits: (IReadOnlyList<TextEdit>)TextEdits(workspace.Get(e.Key)!, e.Value)))
            .ToList();
        if (DocumentChangesSupported)
        {
            return new WorkspaceEdit
            {
                DocumentChanges = [.. edits.Select(e => new TextDocumentEdit(new VersionedTextDocumentIdentifier(UriOf(e.Key), workspace.EditorOf(e.Key)?.Version), e.Edits))],
            };
        }

        return new WorkspaceEdit { Changes = edits.ToDictionary(e => UriOf(e.Key), e => e.Edits, StringComparer.Ordinal) };
    }

    /// <summary>The LSP form of an analysis diagnostic.</summary>
    public Diagnostic Diagnostic(NoteDocument document, NoteDiagnostic d) => new()
    {
        Range = Range(document, d.Span),
        Severity = SeverityOf(d.Severity),
        Code = d.Code,
        Message = d.Message,
    };

    /// <summary>The same, with the UTF-16 line positions of the span's ends already known (from a cursor).</summary>
    public Diagnostic Diagnostic(NoteDocument document, NoteDiagnostic d, LinePosition start, LinePosition end) => new()
    {
        Range = new Range(Encoder.ToPosition(document, d.Span.Start, start), Encoder.ToPosition(document, d.Span.End, end)),
        Severity = SeverityOf(d.Severity),
        Code = d.Code,
        Message = d.Message,
    };

    /// <summary>True when <paramref name="published"/> is what <see cref="Diagnostic"/> would make of <paramref name="d"/>, without making it.</summary>
    public bool IsPublishedAs(NoteDocument document, NoteDiagnostic d, Diagnostic published) =>
        published.Severity == SeverityOf(d.Severity)
        && string.Equals(published.Code, d.Code, StringComparison.Ordinal)
        && string.Equals(published.Message, d.Message, StringComparison.Ordinal)
        && Encoder.ToPosition(document, d.Span.Start) == published.Range.Start
        && Encoder.ToPosition(document, d.Span.End) == published.Range.End;

    /// <summary>The same, with the UTF-16 line positions of the span's ends already known.</summary>
    public bool IsPublishedAs(NoteDocument document, NoteDiagnostic d, LinePosition start, LinePosition end, Diagnostic published) =>
        published.Severity == SeverityOf(d.Severity)
        && string.Equals(published.Code, d.Code, StringComparison.Ordinal)
        && string.Equals(published.Message, d.Message, StringComparison.Ordinal)
        && SamePosition(document, d.Span.Start, start, published.Range.Start)
        && SamePosition(document, d.Span.End, end, published.Range.End);

    private bool SamePosition(NoteDocument document, int offset, LinePosition p, Position published) =>
        Encoder.Kind == PositionEncodingKind.Utf16 || p.Character == 0
            ? p.Line == published.Line && p.Character == published.Character
            : Encoder.ToPosition(document, offset, p) == published;

    public static int SeverityOf(Severity severity) => severity switch
    {
        Severity.Error => Lsp.DiagnosticError,
        Severity.Warning => Lsp.DiagnosticWarning,
        Severity.Information => Lsp.DiagnosticInformation,
        _ => Lsp.DiagnosticHint,
    };
}
