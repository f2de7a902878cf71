using System.Collections.Concurrent;
using System.Text;
using NotesLsp.Syntax;

namespace NotesLsp.Benchmarks;

/// <summary>Generated dumps, cached per size for the process (and written once to <see cref="BenchPaths.DataDir"/>).</summary>
public static class BenchData
{
    /// <summary>1 MB = 1,000,000 UTF-8 bytes throughout the benchmarks.</summary>
    public const int MB = 1_000_000;

    private static readonly ConcurrentDictionary<double, Lazy<Dump>> Dumps = new();

    public static Dump Get(double megabytes) =>
        Dumps.GetOrAdd(megabytes, mb => new Lazy<Dump>(() => Dump.Create((long)(mb * MB)))).Value;

    private static readonly ConcurrentDictionary<(int, double), Lazy<IReadOnlyList<string>>> Workspaces = new();

    /// <summary>The generated workspace of <paramref name="files"/> files and <paramref name="megabytes"/> MB in total (written once).</summary>
    public static IReadOnlyList<string> WorkspaceFiles(int files, double megabytes) =>
        Workspaces.GetOrAdd((files, megabytes), key => new Lazy<IReadOnlyList<string>>(() =>
        {
            var dir = WorkspaceDir(key.Item1, key.Item2);
            var marker = Path.Combine(dir, ".complete");
            if (!System.IO.File.Exists(marker))
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                new DumpGenerator(DumpGenerator.DefaultSeed + 1).Workspace(dir, key.Item1, (long)(key.Item2 * MB));
                System.IO.File.WriteAllText(marker, "ok");
            }

            return [.. Directory.GetFiles(dir, "*.notes").Order(StringComparer.Ordinal)];
        })).Value;

    public static string WorkspaceDir(int files, double megabytes) =>
        Path.Combine(BenchPaths.DataDir, $"workspace-{files}x{megabytes:0.#}MB-seed{DumpGenerator.DefaultSeed}");

    private static readonly ConcurrentDictionary<(int, double), IReadOnlyList<string>> WorkspaceTextCache = new();

    public static IReadOnlyList<string> WorkspaceTexts(int files, double megabytes) =>
        WorkspaceTextCache.GetOrAdd((files, megabytes), key => [.. WorkspaceFiles(key.Item1, key.Item2).Select(System.IO.File.ReadAllText)]);

    /// <summary>Writes the dump of that size to the data folder (if not there yet) and returns its path.</summary>
    public static string File(double megabytes)
    {
        var dump = Get(megabytes);
        var path = Path.Combine(BenchPaths.DataDir, $"dump-{megabytes:0.###}MB-seed{DumpGenerator.DefaultSeed}.notes");
        if (!System.IO.File.Exists(path) || new FileInfo(path).Length != dump.Utf8Bytes)
        {
            System.IO.File.WriteAllText(path, dump.Text, new UTF8Encoding(false));
        }

        return path;
    }
}

/// <summary>A generated dump, its size in UTF-8 bytes and its parse.</summary>
public sealed class Dump
{
    private Dump(string text)
    {
        Text = text;
        Utf8Bytes = Encoding.UTF8.GetByteCount(text);
        Document = NoteDocument.Parse(text);
    }

    public string Text { get; }

    public long Utf8Bytes { get; }

    public NoteDocument Document { get; }

    public static Dump Create(long targetBytes, ulong seed = DumpGenerator.DefaultSeed) =>
        new(new DumpGenerator(seed).Dump(targetBytes));
}
