using NotesLsp.Syntax;

namespace NotesLsp.Analysis;

/// <summary>A file read and parsed (with what was read, for writing it back safely), or why it could not be.</summary>
public sealed record LoadedFile(string Path, NoteDocument? Document, IReadOnlyList<NoteDiagnostic> FileDiagnostics, string? Error)
{
    public NoteFile? Source { get; init; }

    /// <summary>Reads and parses one file; I/O problems become <see cref="Error"/>. Safe to call from any thread.</summary>
    public static LoadedFile Read(string path, bool fingerprint = false)
    {
        try
        {
            var file = NoteFile.Read(path, fingerprint);
            return new LoadedFile(path, NoteDocument.Parse(file.Text), file.EncodingDiagnostics, null) { Source = file };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new LoadedFile(path, null, [], e.Message);
        }
    }
}

/// <summary>
/// Loads many files into a workspace, the one way <c>check</c> and the server both do it: files are read and parsed
/// in parallel off the caller's thread, a batch at a time; each batch is then handed back on the caller's context
/// (the server's single thread), so messages that arrive meanwhile are served between batches.
/// </summary>
public static class WorkspaceLoader
{
    public static async Task LoadAsync(IReadOnlyList<string> files, Action<IReadOnlyList<LoadedFile>> onBatch, Action<int, int>? progress = null, bool fingerprints = false, CancellationToken cancellationToken = default)
    {
        var batchSize = Math.Max(16, Environment.ProcessorCount * 16);
        progress?.Invoke(0, files.Count);
        for (var first = 0; first < files.Count; first += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(batchSize, files.Count - first);
            var start = first;
            var loaded = await Task.Run(
                () =>
                {
                    var results = new LoadedFile[count];
                    Parallel.For(0, count, i => results[i] = LoadedFile.Read(files[start + i], fingerprints));
                    return results;
                },
                cancellationToken).ConfigureAwait(true);
            onBatch(loaded);
            progress?.Invoke(first + count, files.Count);
        }
    }

    /// <summary>Loads every file into <paramref name="workspace"/> (the caller's thread owns it) and returns what was read, failures included.</summary>
    public static List<LoadedFile> Load(Workspace workspace, IReadOnlyList<string> files, Action<int, int>? progress = null, bool fingerprints = false)
    {
        var all = new List<LoadedFile>();
        LoadAsync(
            files,
            batch =>
            {
                foreach (var file in batch)
                {
                    if (file.Document is { } document)
                    {
                        workspace.Set(file.Path, document, file.FileDiagnostics);
                    }

                    all.Add(file);
                }
            },
            progress,
            fingerprints).GetAwaiter().GetResult();
        return all;
    }
}
