using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>A lens on an entry's header line; what it says is computed when it is shown (<see cref="CodeLenses.Resolve"/>).</summary>
public readonly record struct CodeLensSite(TextSpan Span, int Number);

/// <summary>
/// What a lens says about entry <see cref="Number"/>: how many entries refer to it (the copies of a referring entry count
/// once) and how many dumps keep it.
/// </summary>
public readonly record struct CodeLensInfo(int Number, int ReferringEntries, int Dumps)
{
    public string Title => $"{(ReferringEntries == 1 ? "1 entry refers to it" : $"{ReferringEntries} entries refer to it")} · kept in {(Dumps == 1 ? "1 dump" : $"{Dumps} dumps")}";
}

/// <summary>Code lenses: one on each numbered entry's header, resolved lazily (counting references walks the workspace).</summary>
public static class CodeLenses
{
    public static IReadOnlyList<CodeLensSite> In(Workspace workspace, string key, TextSpan? range = null)
    {
        if (workspace.Get(key) is not { } document)
        {
            return [];
        }

        var span = range ?? new TextSpan(0, document.Length);
        var result = new List<CodeLensSite>();
        foreach (var entry in document.EntriesFrom(span.Start))
        {
            if (entry.Start > span.End)
            {
                break;
            }

            if (entry.Syntax.Number is { } number)
            {
                result.Add(new CodeLensSite(entry.Absolute(entry.Syntax.IssueDateKeywordSpan), number));
            }
        }

        return result;
    }

    public static CodeLensInfo Resolve(Workspace workspace, int number)
    {
        var referring = workspace.References(number)
            .Select(r => r.Entry.Syntax.Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{r.Document}@{r.Entry.Start}")
            .Distinct(StringComparer.Ordinal)
            .Count();
        return new(number, referring, Copies.DumpCount(workspace, number));
    }
}
