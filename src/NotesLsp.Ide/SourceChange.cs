using NotesLsp.Syntax;

namespace NotesLsp.Ide;

/// <summary>Edits to one or more documents (keyed as in the workspace), each list in document order without overlaps.</summary>
public sealed record SourceChange(IReadOnlyDictionary<string, IReadOnlyList<TextChange>> Edits)
{
    public static SourceChange Empty { get; } = new(new Dictionary<string, IReadOnlyList<TextChange>>());

    public int Count => Edits.Values.Sum(e => e.Count);

    public static SourceChange Of(IEnumerable<(string Document, TextChange Change)> changes) =>
        new(changes.GroupBy(c => c.Document, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TextChange>)[.. g.Select(c => c.Change).Distinct().OrderBy(c => c.Span.Start)], StringComparer.Ordinal));

    /// <summary>Applies edits (in document order, not overlapping) to a text.</summary>
    public static string Apply(string text, IReadOnlyList<TextChange> changes)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var at = 0;
        foreach (var change in changes.OrderBy(c => c.Span.Start))
        {
            builder.Append(text, at, change.Span.Start - at).Append(change.NewText);
            at = change.Span.End;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }
}

/// <summary>A request the feature layer refuses, with the message to show (a rename to a name that is not a tag, say).</summary>
public sealed class FeatureRefusedException : Exception
{
    public FeatureRefusedException(string message)
        : base(message)
    {
    }

    public FeatureRefusedException()
    {
    }

    public FeatureRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
