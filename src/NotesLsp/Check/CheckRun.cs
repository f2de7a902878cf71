using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Check;

public enum OutputFormat
{
    Text,
    Json,
    Sarif,
    Github,
}

/// <summary>One diagnostic as reported: the rule's finding with LSP positions (0-based line, UTF-16 character).</summary>
internal sealed record ReportedDiagnostic(NoteDiagnostic Diagnostic, LinePosition Start, LinePosition End, string SourceLine);

internal sealed record FileReport(string Path, int Entries, IReadOnlyList<ReportedDiagnostic> Diagnostics);

/// <summary>The outcome of a check run, independent of how it is printed.</summary>
internal sealed record CheckReport(IReadOnlyList<FileReport> Files, IReadOnlyList<string> Failures)
{
    public int Count(Severity severity) => Files.Sum(f => f.Diagnostics.Count(d => d.Diagnostic.Severity == severity));

    public int ExitCode => Failures.Count > 0 ? 2 : Count(Severity.Error) > 0 ? 1 : 0;
}

/// <summary>Reports each loaded file's diagnostics, in the order the files were given.</summary>
internal static class CheckRun
{
    public static CheckReport Report(Workspace workspace, IReadOnlyList<DiscoveredFile> files, IReadOnlyList<string> failures)
    {
        var reports = new List<FileReport>();
        foreach (var file in files)
        {
            if (workspace.Get(file.Path) is not { } doc)
            {
                continue;
            }

            var diagnostics = workspace.Diagnostics(file.Path)
                .Select(d =>
                {
                    var start = doc.PositionOf(d.Span.Start);
                    return new ReportedDiagnostic(d, start, doc.PositionOf(d.Span.End), doc.GetLineText(start.Line));
                })
                .OrderBy(d => d.Start.Line).ThenBy(d => d.Start.Character).ThenBy(d => d.Diagnostic.Code, StringComparer.Ordinal)
                .ToList();
            reports.Add(new FileReport(file.Display, doc.EntryCount, diagnostics));
        }

        return new CheckReport(reports, failures);
    }
}
