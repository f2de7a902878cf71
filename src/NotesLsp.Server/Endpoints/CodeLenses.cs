using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/codeLens</c> and <c>codeLens/resolve</c>: on each numbered entry's header, how many entries refer to it
/// and in how many dumps it is kept, resolved lazily. Clicking runs <c>notesLsp.showReferences</c> (uri, position,
/// locations), which the VS Code extension turns into the references view.
/// </summary>
/// <remarks>
/// LSP asks for the lenses of the whole document (there is no range), so on a 10 MB dump the answer has ~8,000 lenses
/// and nothing is counted until <c>codeLens/resolve</c>. The list is written once per document version straight to
/// UTF-8 JSON (ranges from a line cursor) and kept with that version, so asking again costs a copy. A lens's data is
/// <c>[number, document id]</c>: the id names the document's URI in a table of this session, so the URI is not
/// repeated in every lens.
/// </remarks>
internal sealed partial class LspEndpoints
{
    public const string ShowReferencesCommand = "notesLsp.showReferences";

    private static readonly JsonEncodedText RangeName = JsonEncodedText.Encode("range");
    private static readonly JsonEncodedText StartName = JsonEncodedText.Encode("start");
    private static readonly JsonEncodedText EndName = JsonEncodedText.Encode("end");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText CharacterName = JsonEncodedText.Encode("character");
    private static readonly JsonEncodedText DataName = JsonEncodedText.Encode("data");

    private readonly ConditionalWeakTable<NoteDocument, LensList> lensLists = [];
    private readonly Dictionary<string, int> lensDocumentIds = new(StringComparer.Ordinal);
    private readonly List<string> lensDocuments = [];

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public async Task<RawJson?> CodeLensAsync(CodeLensParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var uri = session.Convert.UriOf(key);
        var encoder = session.Convert.Encoder;
        if (lensLists.TryGetValue(document, out var known) && known.Uri == uri && known.Encoder == encoder)
        {
            return known.Json;
        }

        var list = new LensList(uri, encoder, WriteLenses(key, document, uri, encoder));
        lensLists.AddOrUpdate(document, list);
        return list.Json;
    }

    [JsonRpcMethod("codeLens/resolve", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeLens> CodeLensResolveAsync(CodeLens lens, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (lens.Data is not { ValueKind: JsonValueKind.Array } data || data.GetArrayLength() != 2
            || data[0].ValueKind != JsonValueKind.Number || !data[0].TryGetInt32(out var number)
            || data[1].ValueKind != JsonValueKind.Number || !data[1].TryGetInt32(out var id) || id < 0 || id >= lensDocuments.Count)
        {
            return lens;
        }

        var uri = lensDocuments[id];
        var info = Ide.CodeLenses.Resolve(session.Workspace, number);
        var locations = session.Workspace.References(number).Select(r => session.Convert.Location(r.Document, r.Span)).ToArray();
        JsonElement[] arguments =
        [
            JsonSerializer.SerializeToElement(uri, LspJsonContext.Default.String),
            JsonSerializer.SerializeToElement(lens.Range.Start, LspJsonContext.Default.Position),
            JsonSerializer.SerializeToElement(locations, LspJsonContext.Default.LocationArray),
        ];
        return lens with { Command = new Command(info.Title, ShowReferencesCommand, arguments) };
    }

    /// <summary>The lenses of one document version as a JSON array of <see cref="CodeLens"/> without command.</summary>
    private RawJson WriteLenses(string key, NoteDocument document, string uri, PositionEncoder encoder)
    {
        if (!lensDocumentIds.TryGetValue(uri, out var id))
        {
            id = lensDocuments.Count;
            lensDocuments.Add(uri);
            lensDocumentIds[uri] = id;
        }

        var sites = Ide.CodeLenses.In(session.Workspace, key);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, sites.Count * 104));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var cursor = new LineIndex.Cursor(document, encoder);
            writer.WriteStartArray();
            foreach (var site in sites)
            {
                var range = cursor.ToRange(site.Span);
                writer.WriteStartObject();
                writer.WriteStartObject(RangeName);
                WritePosition(writer, StartName, range.Start);
                WritePosition(writer, EndName, range.End);
                writer.WriteEndObject();
                writer.WriteStartArray(DataName);
                writer.WriteNumberValue(site.Number);
                writer.WriteNumberValue(id);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return new RawJson(buffer.WrittenMemory);
    }

    private static void WritePosition(Utf8JsonWriter writer, JsonEncodedText name, Position position)
    {
        writer.WriteStartObject(name);
        writer.WriteNumber(LineName, position.Line);
        writer.WriteNumber(CharacterName, position.Character);
        writer.WriteEndObject();
    }

    private sealed record LensList(string Uri, PositionEncoder Encoder, RawJson Json);
}
