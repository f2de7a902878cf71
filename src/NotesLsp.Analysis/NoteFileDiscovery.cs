using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace NotesLsp.Analysis;

/// <summary>
/// Which files are note dumps, and walking folders for them. Shared by <c>check</c> and the server's workspace
/// indexing so that both see the same set of files.
/// </summary>
public static class NoteFileDiscovery
{
    public const string Extension = ".notes";

    private static readonly byte[] IssueDate = Encoding.ASCII.GetBytes("Issue Date: ");

    /// <summary>A <c>.notes</c> file, or any other text file whose first 64 KB holds <c>Issue Date: </c> followed by a digit.</summary>
    public static bool IsNoteFile(string path)
    {
        if (path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            // An empty .txt holds no entry, and opening a FIFO would block.
            if (new FileInfo(path).Length == 0)
            {
                return false;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.None);
            var head = new byte[64 * 1024];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            return LooksLikeDump(head.AsSpan(0, read));
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

    public static bool LooksLikeDump(ReadOnlySpan<byte> head)
    {
        while (true)
        {
            var at = head.IndexOf(IssueDate);
            if (at < 0)
            {
                return false;
            }

            var after = at + IssueDate.Length;
            if (after < head.Length && head[after] is >= (byte)'0' and <= (byte)'9')
            {
                return true;
            }

            head = head[after..];
        }
    }

    /// <summary>
    /// Note files under <paramref name="root"/>, sorted, never following a directory link twice (symlink loops
    /// end), skipping paths matched by <paramref name="exclude"/>. Problems are reported, not thrown.
    /// </summary>
    public static List<string> Enumerate(string root, IReadOnlyList<string> exclude, Action<string, string> onProblem)
    {
        var result = new List<string>();
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(exclude);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(root));
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            string real;
            try
            {
                real = new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dir;
            }
            catch (IOException e)
            {
                onProblem(dir, "cannot resolve link: " + e.Message);
                continue;
            }

            if (!visited.Add(real))
            {
                onProblem(dir, "skipped: this folder was already visited through another link (symlink loop)");
                continue;
            }

            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onProblem(dir, "cannot list folder: " + e.Message);
                continue;
            }

            Array.Sort(entries, StringComparer.Ordinal);
            for (var i = entries.Length - 1; i >= 0; i--)
            {
                var path = entries[i];
                var name = Path.GetFileName(path);
                if (name.StartsWith('.') || name is "node_modules" or "bin" or "obj")
                {
                    continue;
                }

                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                if (exclude.Count > 0 && matcher.Match(relative).HasMatches)
                {
                    continue;
                }

                if (Directory.Exists(path))
                {
                    pending.Push(path);
                }
                else if (IsNoteFile(path))
                {
                    result.Add(path);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
