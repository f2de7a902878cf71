namespace NotesLsp.Server.Tests;

/// <summary>A scratch folder for a test's workspace, removed afterwards.</summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "notes-lsp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Copy(string source, string? name = null)
    {
        var path = Path.Combine(Root, name ?? Path.GetFileName(source));
        File.Copy(source, path);
        File.SetAttributes(path, FileAttributes.Normal);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
