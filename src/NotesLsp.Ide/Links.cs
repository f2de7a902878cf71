using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

public readonly record struct Link(TextSpan Span, string Target);

/// <summary>Document links: the http(s) URLs in summaries and comments.</summary>
public static class Links
{
    public static IReadOnlyList<Link> Of(Workspace workspace, string key)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var result = new List<Link>();
        foreach (var entry in document.Entries())
        {
            foreach (var url in entry.Syntax.Urls)
            {
                var text = entry.Syntax.GetText(url);
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    result.Add(new Link(entry.Absolute(url), uri.AbsoluteUri));
                }
            }
        }

        return result;
    }
}
