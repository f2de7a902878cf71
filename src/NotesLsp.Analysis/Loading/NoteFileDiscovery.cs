using System.Text;
using Microsoft.Extensions.FileSystemGlobbing;

namespace NotesLsp.Analysis;

/// <summary>
/// Which files are note dumps, and walking folders for them. Shared by <c>check</c> and the server's workspace
/// indexing so that both see the same set of files, excluded the same way.
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
    /// Note files under <paramref name="root"/>, sorted, never following a directory link twice (symlink loops end),
    /// skipping hidden folders, <c>node_modules</c>, <c>bin</c>, <c>obj</c> and the files each file's configuration
    /// excludes. Problems are reported, not thrown.
    /// </summary>
    public static List<string> Enumerate(string root, ConfigResolver configs, Action<string, string> onProblem)
    {
        var result = new List<string>();
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

                if (Directory.Exists(path))
                {
                    pending.Push(path);
                }
                else if (IsNoteFile(path) && !configs.For(path).Excludes(path))
                {
                    result.Add(path);
                }
            }
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>
    /// The files named by command-line inputs (files, folders, globs), sorted and without duplicates. Folders are walked
    /// with <see cref="Enumerate"/> (exclusions apply); files and glob matches named explicitly are always taken.
    /// Inputs that name nothing become failures.
    /// </summary>
    public static DiscoveredFiles Resolve(IReadOnlyList<string> inputs, ConfigResolver configs, Action<string, string> onProblem)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var cwd = Directory.GetCurrentDirectory();
        foreach (var input in inputs.Count == 0 ? ["."] : inputs)
        {
            var absolute = Path.IsPathRooted(input);
            string Display(string full) => absolute ? full : Path.GetRelativePath(cwd, full).Replace('\\', '/');

            if (input.IndexOfAny(['*', '?', '[']) >= 0 && !File.Exists(input))
            {
                var (baseDir, pattern) = SplitGlob(input);
                var matcher = new Matcher(StringComparison.Ordinal);
                matcher.AddInclude(pattern);
                var matches = Directory.Exists(baseDir) ? matcher.GetResultsInFullPath(baseDir).ToList() : [];
                if (matches.Count == 0)
                {
                    failures.Add($"{input}: no file matches this pattern");
                }

                foreach (var match in matches)
                {
                    files[Path.GetFullPath(match)] = Display(Path.GetFullPath(match));
                }
            }
            else if (Directory.Exists(input))
            {
                foreach (var file in Enumerate(input, configs, onProblem))
                {
                    files[file] = Display(file);
                }
            }
            else if (File.Exists(input))
            {
                var full = Path.GetFullPath(input);
                files[full] = Display(full);
            }
            else
            {
                failures.Add($"{input}: no such file or directory");
            }
        }

        return new DiscoveredFiles([.. files.Select(f => new DiscoveredFile(f.Key, f.Value)).OrderBy(f => f.Display, StringComparer.Ordinal)], failures);
    }

    private static (string BaseDir, string Pattern) SplitGlob(string glob)
    {
        var parts = glob.Replace('\\', '/').Split('/');
        var fixedParts = parts.TakeWhile(p => p.IndexOfAny(['*', '?', '[']) < 0).ToList();
        var baseDir = fixedParts.Count == 0 ? "." : string.Join('/', fixedParts);
        return (baseDir.Length == 0 ? "/" : baseDir, string.Join('/', parts.Skip(fixedParts.Count)));
    }
}

/// <summary>A file to check: its full path (the workspace key) and the path to show (as the user wrote it).</summary>
public readonly record struct DiscoveredFile(string Path, string Display);

public sealed record DiscoveredFiles(IReadOnlyList<DiscoveredFile> Files, IReadOnlyList<string> Failures);
