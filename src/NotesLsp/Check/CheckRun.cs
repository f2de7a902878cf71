using NotesLsp.Analysis;
using NotesLsp.Syntax;

namespace NotesLsp.Check;

/// <summary>One diagnostic as reported: the rule's finding with LSP positions (0-based line, UTF-16 character).</summary>
internal sealed record ReportedDiagnostic(NoteDiagnostic Diagnostic, LinePosition Start, LinePosition End, string SourceLine);

internal sealed record FileReport(string Path, int Entries, IReadOnlyList<ReportedDiagnostic> Diagnostics);

/// <summary>The outcome of a check run, independent of how it is printed.</summary>
internal sealed record CheckReport(IReadOnlyList<FileReport> Files, IReadOnlyList<string> Failures)
{
    public int Count(Severity severity) => Files.Sum(f => f.Diagnostics.Count(d => d.Diagnostic.Severity == severity));

    public int ExitCode => Failures.Count > 0 ? 2 : Count(Severity.Error) > 0 ? 1 : 0;
}

/// <summary>Loads the given files into one <see cref="Workspace"/> and collects each file's diagnostics.</summary>
internal static class CheckRun
{
    public static CheckReport Run(IReadOnlyList<string> files, NotesConfig config, Action<int, int>? progress)
    {
        var workspace = new Workspace(config);
        var failures = new List<string>();
        var loaded = new List<string>();
        for (var i = 0; i < files.Count; i++)
        {
            progress?.Invoke(i, files.Count);
            var path = files[i];
            try
            {
                var file = NoteFile.Read(path);
                workspace.Set(path, NoteDocument.Parse(file.Text), file.EncodingDiagnostics);
                loaded.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{path}: cannot read: {e.Message}");
            }
        }

        var reports = new List<FileReport>();
        foreach (var path in loaded)
        {
            var doc = workspace.Get(path)!;
            var diagnostics = workspace.Diagnostics(path)
                .Select(d =>
                {
                    var start = doc.PositionOf(d.Span.Start);
                    return new ReportedDiagnostic(d, start, doc.PositionOf(d.Span.End), doc.GetLineText(start.Line));
                })
                .OrderBy(d => d.Start.Line).ThenBy(d => d.Start.Character).ThenBy(d => d.Diagnostic.Code, StringComparer.Ordinal)
                .ToList();
            reports.Add(new FileReport(path, doc.EntryCount, diagnostics));
        }

        progress?.Invoke(files.Count, files.Count);
        return new CheckReport(reports, failures);
    }
}
