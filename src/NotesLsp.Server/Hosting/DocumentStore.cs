using NotesLsp.Analysis;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// The server's documents: the analysis <see cref="Analysis.Workspace"/> (keyed by local path for file URIs),
/// which of them the client has open (with its URI spelling and version), and conversions at the protocol
/// boundary. Only the server thread touches it.
/// </summary>
public sealed class DocumentStore
{
    private readonly Dictionary<string, OpenDocument> open = new(StringComparer.Ordinal);
    private int numbersVersion = -1;
    private KeyValuePair<int, string>[] numbers = [];

    public DocumentStore(Workspace workspace) => Workspace = workspace;

    public Workspace Workspace { get; }

    public PositionEncoder Encoder { get; set; } = PositionEncoder.Utf16;

    /// <summary>True when workspace edits may use <c>documentChanges</c> (versioned edits).</summary>
    public bool DocumentChangesSupported { get; set; }

    public IReadOnlyCollection<string> OpenKeys => open.Keys;

    /// <summary>Told the URI of every request for a document the server does not know (the request gets null).</summary>
    public Action<string>? OnUnknownDocument { get; set; }

    public static string KeyOf(string uri)
    {
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile)
        {
            try
            {
                return Path.GetFullPath(parsed.LocalPath);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                // Not a usable path (e.g. an escaped NUL): the URI stays its own key.
            }
        }

        return uri;
    }

    public static string FileUri(string path) => new Uri(path).AbsoluteUri;

    public string UriOf(string key) =>
        open.TryGetValue(key, out var o) ? o.Uri : Path.IsPathFullyQualified(key) ? FileUri(key) : key;

    public bool IsOpen(string key) => open.ContainsKey(key);

    public int? VersionOf(string key) => open.TryGetValue(key, out var o) ? o.Version : null;

    public void SetOpen(string key, string uri, int version) => open[key] = new OpenDocument(uri, version);

    public bool Close(string key) => open.Remove(key);

    /// <summary>The document a request names, or null when the server does not know it.</summary>
    public (string Key, NoteDocument Document)? Find(TextDocumentIdentifier? id)
    {
        if (id?.Uri is not { } uri)
        {
            return null;
        }

        var key = KeyOf(uri);
        if (Workspace.Get(key) is { } doc)
        {
            return (key, doc);
        }

        OnUnknownDocument?.Invoke(uri);
        return null;
    }

    public Range RangeOf(string key, TextSpan span) => Encoder.ToRange(Workspace.Get(key)!, span);

    public Location LocationOf(string key, TextSpan span) => new(UriOf(key), RangeOf(key, span));

    /// <summary>
    /// Every entry number in the workspace with a title, highest (most recent) first; rebuilt only when the cross-file
    /// index changed.
    /// </summary>
    public IReadOnlyList<KeyValuePair<int, string>> Numbers()
    {
        if (numbersVersion != Workspace.IndexVersion)
        {
            var map = new Dictionary<int, string>();
            foreach (var key in Workspace.Documents.Order(StringComparer.Ordinal))
            {
                foreach (var entry in Workspace.Get(key)!.Entries())
                {
                    if (entry.Syntax.Number is { } n)
                    {
                        map.TryAdd(n, entry.Syntax.Title);
                    }
                }
            }

            numbers = [.. map.OrderByDescending(n => n.Key)];
            numbersVersion = Workspace.IndexVersion;
        }

        return numbers;
    }

    /// <summary>The LSP form of an analysis diagnostic.</summary>
    public Diagnostic ToLsp(NoteDocument document, NoteDiagnostic d) => new()
    {
        Range = Encoder.ToRange(document, d.Span),
        Severity = SeverityOf(d),
        Code = d.Code,
        Message = d.Message,
    };

    /// <summary>True when <paramref name="published"/> is what <see cref="ToLsp"/> would make of <paramref name="d"/>, without making it.</summary>
    public bool IsPublishedAs(NoteDocument document, NoteDiagnostic d, Diagnostic published) =>
        published.Severity == SeverityOf(d)
        && string.Equals(published.Code, d.Code, StringComparison.Ordinal)
        && string.Equals(published.Message, d.Message, StringComparison.Ordinal)
        && Encoder.ToPosition(document, d.Span.Start) == published.Range.Start
        && Encoder.ToPosition(document, d.Span.End) == published.Range.End;

    private static int SeverityOf(NoteDiagnostic d) => d.Severity switch
    {
        Severity.Error => Lsp.DiagnosticError,
        Severity.Warning => Lsp.DiagnosticWarning,
        Severity.Information => Lsp.DiagnosticInformation,
        _ => Lsp.DiagnosticHint,
    };

    /// <summary>A workspace edit in the form the client understands (versioned document changes when it can).</summary>
    public WorkspaceEdit Edit(IEnumerable<(string Key, IReadOnlyList<TextEdit> Edits)> edits)
    {
        var list = edits.Where(e => e.Edits.Count > 0).ToList();
        if (DocumentChangesSupported)
        {
            return new WorkspaceEdit
            {
                DocumentChanges = [.. list.Select(e => new TextDocumentEdit(new VersionedTextDocumentIdentifier(UriOf(e.Key), VersionOf(e.Key)), e.Edits))],
            };
        }

        return new WorkspaceEdit { Changes = list.ToDictionary(e => UriOf(e.Key), e => e.Edits, StringComparer.Ordinal) };
    }

    private sealed record OpenDocument(string Uri, int Version);
}
