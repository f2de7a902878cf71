using NotesLsp.Server.Hosting;
using NotesLsp.Server.Protocol;
using NotesLsp.Syntax;

namespace NotesLsp.Server.Features;

/// <summary><c>textDocument/documentLink</c>: the URLs in summaries and comments.</summary>
public static class DocumentLinkHandler
{
    public static DocumentLink[] Links(DocumentStore store, NoteDocument document)
    {
        LineIndex.Prepare(document);
        var result = new List<DocumentLink>();
        foreach (var entry in document.Entries())
        {
            foreach (var url in entry.Syntax.Urls)
            {
                var text = entry.Syntax.GetText(url);
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    result.Add(new DocumentLink(store.Encoder.ToRange(document, entry.Absolute(url)), uri.AbsoluteUri, null));
                }
            }
        }

        return [.. result];
    }
}
