using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotesLsp.Server.Protocol;

// The subset of LSP 3.17 this server speaks, as plain records. Names follow the specification; the JSON
// context (LspJsonContext) serialises them camelCase and leaves nulls out.

public sealed record Position(int Line, int Character);

public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int? Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record WorkspaceFolder(string Uri, string Name);

public sealed record InitializeParams(
    int? ProcessId,
    string? RootUri,
    string? RootPath,
    JsonElement? Capabilities,
    JsonElement? InitializationOptions,
    IReadOnlyList<WorkspaceFolder>? WorkspaceFolders,
    string? Trace,
    JsonElement? WorkDoneToken);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string? Version);

public sealed record TextDocumentSyncOptions(bool OpenClose, int Change, SaveOptions? Save);

public sealed record SaveOptions(bool IncludeText);

public sealed record CompletionOptions(IReadOnlyList<string> TriggerCharacters, bool ResolveProvider, CompletionItemOptions? CompletionItem);

public sealed record CompletionItemOptions(bool LabelDetailsSupport);

public sealed record SemanticTokensLegend(IReadOnlyList<string> TokenTypes, IReadOnlyList<string> TokenModifiers);

public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Range, bool Full);

public sealed record RenameOptions(bool PrepareProvider);

public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds);

public sealed record DocumentLinkOptions(bool ResolveProvider);

public sealed record InlayHintOptions(bool ResolveProvider);

public sealed record CodeLensOptions(bool ResolveProvider);

public sealed record DiagnosticOptions(string? Identifier, bool InterFileDependencies, bool WorkspaceDiagnostics);

public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);

public sealed record WorkspaceServerCapabilities(WorkspaceFoldersServerCapabilities WorkspaceFolders);

public sealed record ServerCapabilities
{
    public string? PositionEncoding { get; init; }

    public TextDocumentSyncOptions? TextDocumentSync { get; init; }

    public CompletionOptions? CompletionProvider { get; init; }

    public bool? HoverProvider { get; init; }

    public bool? DefinitionProvider { get; init; }

    public bool? ReferencesProvider { get; init; }

    public bool? DocumentSymbolProvider { get; init; }

    public bool? WorkspaceSymbolProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public DocumentLinkOptions? DocumentLinkProvider { get; init; }

    public bool? DocumentFormattingProvider { get; init; }

    public RenameOptions? RenameProvider { get; init; }

    public bool? FoldingRangeProvider { get; init; }

    public SemanticTokensOptions? SemanticTokensProvider { get; init; }

    public bool? DocumentHighlightProvider { get; init; }

    public InlayHintOptions? InlayHintProvider { get; init; }

    public CodeLensOptions? CodeLensProvider { get; init; }

    public bool? SelectionRangeProvider { get; init; }

    public DiagnosticOptions? DiagnosticProvider { get; init; }

    public WorkspaceServerCapabilities? Workspace { get; init; }
}

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

public sealed record TextDocumentContentChangeEvent(Range? Range, int? RangeLength, string Text);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextDocumentContentChangeEvent> ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DidSaveTextDocumentParams(TextDocumentIdentifier TextDocument, string? Text);

public sealed record FileEvent(string Uri, int Type);

public sealed record DidChangeWatchedFilesParams(IReadOnlyList<FileEvent> Changes);

public sealed record DidChangeConfigurationParams(JsonElement? Settings);

public sealed record WorkspaceFoldersChangeEvent(IReadOnlyList<WorkspaceFolder> Added, IReadOnlyList<WorkspaceFolder> Removed);

public sealed record DidChangeWorkspaceFoldersParams(WorkspaceFoldersChangeEvent Event);

public sealed record SetTraceParams(string Value);

public sealed record Diagnostic
{
    public required Range Range { get; init; }

    public int Severity { get; init; }

    public string? Code { get; init; }

    public CodeDescription? CodeDescription { get; init; }

    public string Source { get; init; } = "notes-lsp";

    public required string Message { get; init; }
}

public sealed record CodeDescription(string Href);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);

public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context);

public sealed record CompletionContext(int TriggerKind, string? TriggerCharacter);

public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items);

public sealed record CompletionItemLabelDetails(string? Detail, string? Description);

public sealed record TextEdit(Range Range, string NewText);

public sealed record CompletionItem
{
    public required string Label { get; init; }

    public CompletionItemLabelDetails? LabelDetails { get; init; }

    public int? Kind { get; init; }

    public string? Detail { get; init; }

    public string? SortText { get; init; }

    public string? FilterText { get; init; }

    public TextEdit? TextEdit { get; init; }

    /// <summary>1: plain text, 2: snippet.</summary>
    public int? InsertTextFormat { get; init; }
}

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context);

public sealed record MarkupContent(string Kind, string Value);

public sealed record Hover(MarkupContent Contents, Range? Range);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentSymbol
{
    public required string Name { get; init; }

    public string? Detail { get; init; }

    public int Kind { get; init; }

    public required Range Range { get; init; }

    public required Range SelectionRange { get; init; }

    public IReadOnlyList<DocumentSymbol>? Children { get; init; }
}

public sealed record WorkspaceSymbolParams(string? Query);

public sealed record SymbolInformation(string Name, int Kind, Location Location, string? ContainerName);

public sealed record FoldingRangeParams(TextDocumentIdentifier TextDocument);

public sealed record FoldingRange(int StartLine, int EndLine, string? Kind);

public sealed record DocumentLinkParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentLink(Range Range, string Target, string? Tooltip);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

public sealed record SemanticTokensRangeParams(TextDocumentIdentifier TextDocument, Range Range);

public sealed record SemanticTokens(IReadOnlyList<int> Data);

public sealed record CodeActionContext(JsonElement? Diagnostics, IReadOnlyList<string>? Only);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext? Context);

public sealed record CodeAction
{
    public required string Title { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public WorkspaceEdit? Edit { get; init; }
}

public sealed record TextDocumentEdit(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);

public sealed record WorkspaceEdit
{
    public Dictionary<string, IReadOnlyList<TextEdit>>? Changes { get; init; }

    public IReadOnlyList<TextDocumentEdit>? DocumentChanges { get; init; }
}

public sealed record DocumentHighlight(Range Range, int? Kind);

public sealed record InlayHintParams(TextDocumentIdentifier TextDocument, Range Range);

public sealed record InlayHint
{
    public required Position Position { get; init; }

    public required string Label { get; init; }

    public int? Kind { get; init; }

    public MarkupContent? Tooltip { get; init; }

    public bool? PaddingLeft { get; init; }
}

public sealed record CodeLensParams(TextDocumentIdentifier TextDocument);

public sealed record Command(string Title, [property: JsonPropertyName("command")] string Name, IReadOnlyList<JsonElement>? Arguments);

public sealed record CodeLens(Range Range, Command? Command, JsonElement? Data);

public sealed record SelectionRangeParams(TextDocumentIdentifier TextDocument, IReadOnlyList<Position> Positions);

public sealed record SelectionRange(Range Range, SelectionRange? Parent);

public sealed record DocumentDiagnosticParams(TextDocumentIdentifier TextDocument, string? Identifier, string? PreviousResultId);

/// <summary>A full report (<c>kind: "full"</c>, with items) or an unchanged one (<c>kind: "unchanged"</c>, without).</summary>
public sealed record DocumentDiagnosticReport(string Kind, string? ResultId, IReadOnlyList<Diagnostic>? Items);

public sealed record PreviousResultId(string Uri, string Value);

public sealed record WorkspaceDiagnosticParams(string? Identifier, IReadOnlyList<PreviousResultId>? PreviousResultIds);

public sealed record WorkspaceDocumentDiagnosticReport(string Kind, string? ResultId, IReadOnlyList<Diagnostic>? Items, string Uri, int? Version);

public sealed record WorkspaceDiagnosticReport(IReadOnlyList<WorkspaceDocumentDiagnosticReport> Items);

public sealed record PrepareRenameResult(Range Range, string Placeholder);

public sealed record RenameParams(TextDocumentIdentifier TextDocument, Position Position, string NewName);

public sealed record FormattingOptions(int TabSize, bool InsertSpaces);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument, FormattingOptions? Options);

// Server → client.

public sealed record LogMessageParams(int Type, string Message);

public sealed record ShowMessageParams(int Type, string Message);

public sealed record WorkDoneProgressCreateParams(JsonElement Token);

public sealed record WorkDoneProgressValue
{
    public required string Kind { get; init; }

    public string? Title { get; init; }

    public string? Message { get; init; }

    public int? Percentage { get; init; }

    public bool? Cancellable { get; init; }
}

public sealed record ProgressParams(JsonElement Token, WorkDoneProgressValue Value);

public sealed record FileWatcher(string GlobPattern);

public sealed record DidChangeWatchedFilesRegistrationOptions(IReadOnlyList<FileWatcher> Watchers);

public sealed record Registration(string Id, string Method, DidChangeWatchedFilesRegistrationOptions? RegisterOptions);

public sealed record RegistrationParams(IReadOnlyList<Registration> Registrations);

public sealed record ConfigurationItem(string? ScopeUri, string? Section);

public sealed record ConfigurationParams(IReadOnlyList<ConfigurationItem> Items);

/// <summary>Numeric and string constants of the specification.</summary>
public static class Lsp
{
    public const int ServerNotInitialized = -32002;
    public const int InvalidRequest = -32600;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int RequestFailed = -32803;

    public const int SyncIncremental = 2;

    public const int DiagnosticError = 1;
    public const int DiagnosticWarning = 2;
    public const int DiagnosticInformation = 3;
    public const int DiagnosticHint = 4;

    public const int CompletionKindSnippet = 15;
    public const int CompletionKindReference = 18;
    public const int CompletionKindEnumMember = 20;

    public const int SymbolKindNamespace = 3;
    public const int SymbolKindStruct = 23;

    public const int MessageError = 1;
    public const int MessageWarning = 2;
    public const int MessageInfo = 3;
    public const int MessageLog = 4;

    public const int FileDeleted = 3;

    public const int InsertTextFormatSnippet = 2;

    public const int HighlightRead = 2;
    public const int HighlightWrite = 3;

    public const string Markdown = "markdown";
    public const string PlainText = "plaintext";
    public const string QuickFix = "quickfix";
    public const string RefactorRewrite = "refactor.rewrite";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = false,
    Converters = [typeof(Utf8StringConverter)])]
[JsonSerializable(typeof(StreamJsonRpc.RequestId))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonElement?))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(InitializeParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(DidOpenTextDocumentParams))]
[JsonSerializable(typeof(DidChangeTextDocumentParams))]
[JsonSerializable(typeof(DidCloseTextDocumentParams))]
[JsonSerializable(typeof(DidSaveTextDocumentParams))]
[JsonSerializable(typeof(DidChangeWatchedFilesParams))]
[JsonSerializable(typeof(DidChangeConfigurationParams))]
[JsonSerializable(typeof(DidChangeWorkspaceFoldersParams))]
[JsonSerializable(typeof(SetTraceParams))]
[JsonSerializable(typeof(PublishDiagnosticsParams))]
[JsonSerializable(typeof(TextDocumentPositionParams))]
[JsonSerializable(typeof(CompletionParams))]
[JsonSerializable(typeof(CompletionList))]
[JsonSerializable(typeof(ReferenceParams))]
[JsonSerializable(typeof(Location[]))]
[JsonSerializable(typeof(Hover))]
[JsonSerializable(typeof(DocumentSymbolParams))]
[JsonSerializable(typeof(DocumentSymbol[]))]
[JsonSerializable(typeof(WorkspaceSymbolParams))]
[JsonSerializable(typeof(SymbolInformation[]))]
[JsonSerializable(typeof(FoldingRangeParams))]
[JsonSerializable(typeof(FoldingRange[]))]
[JsonSerializable(typeof(DocumentLinkParams))]
[JsonSerializable(typeof(DocumentLink[]))]
[JsonSerializable(typeof(SemanticTokensParams))]
[JsonSerializable(typeof(SemanticTokensRangeParams))]
[JsonSerializable(typeof(SemanticTokens))]
[JsonSerializable(typeof(CodeActionParams))]
[JsonSerializable(typeof(CodeAction[]))]
[JsonSerializable(typeof(PrepareRenameResult))]
[JsonSerializable(typeof(RenameParams))]
[JsonSerializable(typeof(WorkspaceEdit))]
[JsonSerializable(typeof(DocumentFormattingParams))]
[JsonSerializable(typeof(TextEdit[]))]
[JsonSerializable(typeof(DocumentHighlight[]))]
[JsonSerializable(typeof(InlayHintParams))]
[JsonSerializable(typeof(InlayHint[]))]
[JsonSerializable(typeof(CodeLensParams))]
[JsonSerializable(typeof(CodeLens))]
[JsonSerializable(typeof(CodeLens[]))]
[JsonSerializable(typeof(RawJson))]
[JsonSerializable(typeof(PublishDiagnosticsJson))]
[JsonSerializable(typeof(SelectionRangeParams))]
[JsonSerializable(typeof(SelectionRange[]))]
[JsonSerializable(typeof(DocumentDiagnosticParams))]
[JsonSerializable(typeof(DocumentDiagnosticReport))]
[JsonSerializable(typeof(WorkspaceDiagnosticParams))]
[JsonSerializable(typeof(WorkspaceDiagnosticReport))]
[JsonSerializable(typeof(Location))]
[JsonSerializable(typeof(Position))]
[JsonSerializable(typeof(LogMessageParams))]
[JsonSerializable(typeof(ShowMessageParams))]
[JsonSerializable(typeof(WorkDoneProgressCreateParams))]
[JsonSerializable(typeof(ProgressParams))]
[JsonSerializable(typeof(RegistrationParams))]
[JsonSerializable(typeof(ConfigurationParams))]
internal sealed partial class LspJsonContext : JsonSerializerContext;

/// <summary>
/// A value already written as UTF-8 JSON (a big answer built once and kept), copied to the message as it is. It is
/// only ever sent, never read.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed class RawJson(ReadOnlyMemory<byte> utf8)
{
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;
}

internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(document.RootElement, LspJsonContext.Default.JsonElement));
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}

/// <summary>
/// <see cref="PublishDiagnosticsParams"/> whose diagnostics are already JSON (each kept while the client shows it), written
/// straight into the message. Only ever sent.
/// </summary>
[JsonConverter(typeof(PublishDiagnosticsJsonConverter))]
internal sealed class PublishDiagnosticsJson(string uri, int? version, IReadOnlyList<byte[]> diagnostics)
{
    public string Uri => uri;

    public int? Version => version;

    public IReadOnlyList<byte[]> Diagnostics => diagnostics;
}

internal sealed class PublishDiagnosticsJsonConverter : JsonConverter<PublishDiagnosticsJson>
{
    public override PublishDiagnosticsJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("publishDiagnostics parameters are only sent.");

    public override void Write(Utf8JsonWriter writer, PublishDiagnosticsJson value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("uri"u8);
        JsonSerializer.Serialize(writer, value.Uri, LspJsonContext.Default.String);
        if (value.Version is { } version)
        {
            writer.WriteNumber("version"u8, version);
        }

        writer.WriteStartArray("diagnostics"u8);
        foreach (var d in value.Diagnostics)
        {
            writer.WriteRawValue(d, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>
/// Reads escaped strings with <see cref="JsonStringDecoder"/>: no pooled buffer is kept, lone surrogates are accepted.
/// Writes strings with only the escaping JSON requires, so Japanese titles and summaries go out as UTF-8 rather
/// than as six-byte <c>\uXXXX</c> escapes (StreamJsonRpc's writer uses the default, escape-everything encoder).
/// </summary>
internal sealed class Utf8StringConverter : JsonConverter<string>
{
    private static readonly System.Buffers.SearchValues<char> MustEscape = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\");

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped && !reader.HasValueSequence
            ? JsonStringDecoder.Decode(reader.ValueSpan) ?? reader.GetString()
            : reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        if (!WriteUtf8(writer, value))
        {
            writer.WriteStringValue(JsonEncodedText.Encode(WellFormed(value), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
        }
    }

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Read(ref reader, typeToConvert, options)!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(JsonEncodedText.Encode(WellFormed(value), System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping));

    /// <summary>
    /// Writes a string without a lone surrogate (nearly all: titles, messages, URIs) as its UTF-8 bytes between quotes,
    /// escaping only what JSON requires (quote, backslash, control characters), without building an encoded copy
    /// first; false for a string with a lone surrogate, which takes the replacing path. The JSON value is the same.
    /// </summary>
    private static bool WriteUtf8(Utf8JsonWriter writer, string value)
    {
        var text = value.AsSpan();
        if (text.ContainsAnyInRange('\uD800', '\uDFFF') && HasLoneSurrogate(text))
        {
            return false;
        }

        var max = (text.Length * 6) + 2;
        byte[]? rented = null;
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        buffer[0] = (byte)'"';
        var n = 1;
        while (true)
        {
            var i = text.IndexOfAny(MustEscape);
            n += System.Text.Encoding.UTF8.GetBytes(i < 0 ? text : text[..i], buffer[n..]);
            if (i < 0)
            {
                break;
            }

            n += Escape(text[i], buffer[n..]);
            text = text[(i + 1)..];
        }

        buffer[n++] = (byte)'"';
        writer.WriteRawValue(buffer[..n], skipInputValidation: true);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return true;
    }

    private static int Escape(char c, Span<byte> into)
    {
        into[0] = (byte)'\\';
        var letter = c switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => '\0',
        };
        if (letter != '\0')
        {
            into[1] = (byte)letter;
            return 2;
        }

        into[1] = (byte)'u';
        into[2] = (byte)'0';
        into[3] = (byte)'0';
        into[4] = (byte)"0123456789ABCDEF"[c >> 4];
        into[5] = (byte)"0123456789ABCDEF"[c & 0xF];
        return 6;
    }

    /// <summary>
    /// The text with each lone surrogate replaced by U+FFFD (one code unit for one, so positions still hold). A document
    /// may contain lone surrogates; JSON text written by System.Text.Json may not, and would fail the whole message.
    /// </summary>
    internal static string WellFormed(string value)
    {
        if (!HasLoneSurrogate(value))
        {
            return value;
        }

        return string.Create(value.Length, value, static (chars, source) =>
        {
            source.CopyTo(chars);
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
        });
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = text.IndexOfAnyInRange('\uD800', '\uDFFF'); i >= 0 && i < text.Length; i++)
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
}
