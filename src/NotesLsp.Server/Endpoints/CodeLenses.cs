using System.Globalization;
using System.Text.Json;
using NotesLsp.Server.Protocol;
using StreamJsonRpc;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/codeLens</c> and <c>codeLens/resolve</c>: on each numbered entry's header, how many entries refer to it
/// and in how many dumps it is kept, resolved lazily. Clicking runs <c>notesLsp.showReferences</c> (uri, position,
/// locations), which the VS Code extension turns into the references view.
/// </summary>
internal sealed partial class LspEndpoints
{
    public const string ShowReferencesCommand = "notesLsp.showReferences";

    [JsonRpcMethod("textDocument/codeLens", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeLens[]?> CodeLensAsync(CodeLensParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var uri = session.Convert.UriOf(key);
        return [.. Ide.CodeLenses.In(session.Workspace, key).Select(site => new CodeLens(
            session.Convert.Range(document, site.Span),
            null,
            JsonSerializer.SerializeToElement(new[] { uri, site.Number.ToString(CultureInfo.InvariantCulture) }, LspJsonContext.Default.StringArray)))];
    }

    [JsonRpcMethod("codeLens/resolve", UseSingleObjectParameterDeserialization = true)]
    public async Task<CodeLens> CodeLensResolveAsync(CodeLens lens, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (lens.Data is not { ValueKind: JsonValueKind.Array } data || data.GetArrayLength() != 2
            || data[0].GetString() is not { } uri || !int.TryParse(data[1].GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return lens;
        }

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
}
