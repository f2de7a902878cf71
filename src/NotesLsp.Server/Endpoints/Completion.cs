using NotesLsp.Server.Protocol;
using StreamJsonRpc;
using Ide = NotesLsp.Ide;

namespace NotesLsp.Server.Endpoints;

/// <summary>
/// <c>textDocument/completion</c>: tags after <c>#</c> (ranked by use, matched anywhere after a few characters), entry
/// numbers after <c>・</c>, and a new entry (today's date, the next free number; a snippet where the client takes them)
/// at the start of a line. Each item's text edit replaces what was typed since the trigger.
/// </summary>
internal sealed partial class LspEndpoints
{
    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public async Task<CompletionList?> CompletionAsync(CompletionParams p, CancellationToken ct)
    {
        await session.ReadyAsync(ct).ConfigureAwait(true);
        if (session.Find(p.TextDocument) is not var (key, document))
        {
            return null;
        }

        var options = new Ide.CompletionOptions(session.Client.Snippets, DateOnly.FromDateTime(DateTime.Now));
        if (Ide.Completion.At(session.Workspace, key, session.Convert.Offset(document, p.Position), options) is not { } result)
        {
            return null;
        }

        var items = new CompletionItem[result.Items.Count];
        Range? range = null;
        for (var i = 0; i < items.Length; i++)
        {
            var item = result.Items[i];
            range ??= session.Convert.Range(document, item.Replace);
            items[i] = new CompletionItem
            {
                Label = item.Label,
                Kind = item.Kind switch
                {
                    Ide.CompletionKind.Tag => Lsp.CompletionKindEnumMember,
                    Ide.CompletionKind.EntryNumber => Lsp.CompletionKindReference,
                    _ => Lsp.CompletionKindSnippet,
                },
                Detail = item.Detail,
                LabelDetails = new CompletionItemLabelDetails(null, item.Description),
                SortText = item.SortText,
                FilterText = item.FilterText,
                TextEdit = new TextEdit(range, item.InsertText),
                InsertTextFormat = item.IsSnippet ? Lsp.InsertTextFormatSnippet : null,
            };
        }

        return new CompletionList(result.IsIncomplete, items);
    }
}
