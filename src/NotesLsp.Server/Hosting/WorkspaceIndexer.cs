using System.Text.Json;
using Microsoft.Extensions.Logging;
using NotesLsp.Analysis;
using NotesLsp.Server.Conversion;
using NotesLsp.Server.Protocol;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// Keeps the workspace in step with the disk: indexes the workspace folders (with <c>$/progress</c>), follows
/// watched-file events and folder changes. Files are found and loaded by the analysis layer's pipeline
/// (<see cref="NoteFileDiscovery"/>, <see cref="WorkspaceLoader"/>), the same one <c>check</c> uses; documents the
/// client has open are never replaced by their disk copies.
/// </summary>
internal sealed class WorkspaceIndexer(ServerSession session, DiagnosticsPublisher publisher)
{
    /// <summary>Raised after a bulk load (the idle memory trim runs right away).</summary>
    public event Action? BulkWorkDone;

    public async Task IndexAsync(IReadOnlyList<string> folders)
    {
        JsonElement? token = null;
        if (session.Client.WorkDoneProgress)
        {
            var candidate = JsonSerializer.SerializeToElement("notes-lsp/index/" + Guid.NewGuid().ToString("N"), LspJsonContext.Default.String);
            if (await session.RequestAsync("window/workDoneProgress/create", new WorkDoneProgressCreateParams(candidate)).ConfigureAwait(true) is not null)
            {
                token = candidate;
            }
        }

        try
        {
            Progress(token, new WorkDoneProgressValue { Kind = "begin", Title = "Indexing notes", Percentage = 0, Cancellable = false });
            var configs = session.Workspace.Configs;
            var files = await Task.Run(() => folders
                .SelectMany(f => Directory.Exists(f) ? NoteFileDiscovery.Enumerate(f, configs, (path, problem) => session.Log.LogWarning("{Path}: {Problem}", path, problem)) : [])
                .Distinct(session.Convert.Paths.Comparer).ToList()).ConfigureAwait(true);
            var lastPercent = 0;
            await WorkspaceLoader.LoadAsync(
                files,
                batch =>
                {
                    foreach (var file in batch)
                    {
                        Add(file);
                    }
                },
                (done, total) =>
                {
                    var percent = total == 0 ? 100 : (int)(done * 100L / total);
                    if (done > 0 && (percent >= lastPercent + 5 || done == total))
                    {
                        lastPercent = percent;
                        Progress(token, new WorkDoneProgressValue { Kind = "report", Message = $"{done}/{total} files", Percentage = percent });
                    }
                }).ConfigureAwait(true);

            Progress(token, new WorkDoneProgressValue { Kind = "end", Message = $"Indexed {files.Count} notes files" });
            session.Log.LogInformation("Indexed {Count} notes files in {Roots}", files.Count, string.Join(", ", folders));
        }
        catch (Exception e)
        {
            session.Log.LogError(e, "Indexing failed");
        }
        finally
        {
            session.MarkIndexed();
            publisher.MarkAllDirty();
            BulkWorkDone?.Invoke();
        }
    }

    public void DidChangeWatchedFiles(DidChangeWatchedFilesParams p, ServerConfiguration configuration)
    {
        var configChanged = false;
        foreach (var change in p.Changes)
        {
            var key = session.Convert.KeyOf(change.Uri);
            if (string.Equals(Path.GetFileName(key), NotesConfig.FileName, StringComparison.Ordinal))
            {
                configChanged = true;
            }
            else if (!session.Workspace.IsOpen(key))
            {
                if (change.Type == Lsp.FileDeleted)
                {
                    publisher.Apply(session.Workspace.Remove(key));
                }
                else
                {
                    ReloadFromDisk(key);
                }
            }
        }

        if (configChanged)
        {
            configuration.Reload();
        }
    }

    public async Task DidChangeWorkspaceFoldersAsync(DidChangeWorkspaceFoldersParams p)
    {
        foreach (var removed in p.Event.Removed)
        {
            var root = session.Convert.KeyOf(removed.Uri);
            session.Roots.RemoveAll(r => session.Convert.Paths.Comparer.Equals(r, root));
            foreach (var key in session.Workspace.Documents.ToList())
            {
                if (!session.Workspace.IsOpen(key) && !UnderRoots(key))
                {
                    publisher.Apply(session.Workspace.Remove(key));
                }
            }
        }

        var added = p.Event.Added.Select(f => session.Convert.KeyOf(f.Uri)).Where(session.Convert.IsLocalPath).ToList();
        session.Roots.AddRange(added);
        publisher.MarkAllDirty();
        if (added.Count > 0)
        {
            await IndexAsync(added).ConfigureAwait(true);
        }
    }

    /// <summary>Reads a file again after it changed on disk (or its editor closed it); removes it when it is gone or no longer a dump here.</summary>
    public void ReloadFromDisk(string key)
    {
        var workspace = session.Workspace;
        var wanted = session.Convert.IsLocalPath(key) && File.Exists(key) && UnderRoots(key) && !workspace.Configs.For(key).Excludes(key) && NoteFileDiscovery.IsNoteFile(key);
        var file = wanted ? LoadedFile.Read(key) : null;
        if (file is { Document: not null })
        {
            Add(file);
            return;
        }

        if (file is not null)
        {
            session.Log.LogWarning("{Path}: not indexed: {Message}", key, file.Error);
        }

        publisher.Apply(workspace.Remove(key));
    }

    private void Add(LoadedFile file)
    {
        if (file.Document is not { } document)
        {
            session.Log.LogWarning("{Path}: not indexed: {Message}", file.Path, file.Error);
            return;
        }

        if (!session.Workspace.IsOpen(file.Path))
        {
            publisher.Apply(session.Workspace.Set(file.Path, document, file.FileDiagnostics));
        }
    }

    private bool UnderRoots(string path) => session.Roots.Any(r => DocumentUris.IsUnder(path, r, session.Convert.Paths));

    private void Progress(JsonElement? token, WorkDoneProgressValue value)
    {
        if (token is { } t)
        {
            session.Notify("$/progress", new ProgressParams(t, value));
        }
    }
}
