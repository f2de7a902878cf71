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
