using System.Text;
using System.Text.RegularExpressions;

namespace NotesLsp.Server.Hosting;

/// <summary>Which files on disk are note dumps, and finding them under a folder.</summary>
public static partial class NotesFiles
{
    private const int SniffBytes = 64 * 1024;

    /// <summary><c>*.notes</c>, or a <c>*.txt</c> whose first 64 KB contain <c>Issue Date: </c> followed by a digit.</summary>
    public static bool IsNotesFile(string path)
    {
        if (path.EndsWith(".notes", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
            var buffer = new byte[SniffBytes];
            var read = stream.ReadAtLeast(buffer, SniffBytes, throwOnEndOfStream: false);
            return IssueDate().IsMatch(Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static bool IsConfigFile(string path) => string.Equals(Path.GetFileName(path), Analysis.NotesConfig.FileName, StringComparison.Ordinal);

    /// <summary>Every notes file under <paramref name="root"/>, skipping hidden folders and build output.</summary>
    public static List<string> Find(string root, CancellationToken cancellationToken = default)
    {
        var result = new List<string>();
        if (!Directory.Exists(root))
        {
            return result;
        }

        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dir = pending.Pop();
            try
            {
                foreach (var sub in Directory.EnumerateDirectories(dir))
                {
                    var name = Path.GetFileName(sub);
                    if (!name.StartsWith('.') && name is not ("node_modules" or "bin" or "obj"))
                    {
                        pending.Push(sub);
                    }
                }

                foreach (var file in Directory.EnumerateFiles(dir))
                {
                    if (IsNotesFile(file))
                    {
                        result.Add(Path.GetFullPath(file));
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [GeneratedRegex(@"Issue Date: \d")]
    private static partial Regex IssueDate();
}
