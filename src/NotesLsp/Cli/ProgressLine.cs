using System.Diagnostics;

namespace NotesLsp.Cli;

/// <summary>A one-line "checking N/M files" on a terminal, shown only once a run has taken more than a second.</summary>
internal sealed class ProgressLine(TextWriter stderr, bool enabled, string verb) : IDisposable
{
    /// <summary>How long a run goes before the line appears (a test seam: tests set 0 to see the line at once).</summary>
    internal static long DelayMilliseconds { get; set; } = 1000;

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long lastDraw;
    private bool drawn;

    public void Report(int done, int total)
    {
        if (!enabled || clock.ElapsedMilliseconds < DelayMilliseconds || (drawn && clock.ElapsedMilliseconds - lastDraw < 100))
        {
            return;
        }

        lastDraw = clock.ElapsedMilliseconds;
        drawn = true;
        stderr.Write($"\rnotes-lsp: {verb} {done}/{total} files ({100 * done / Math.Max(1, total)}%)…");
    }

    public void Clear()
    {
        if (drawn)
        {
            stderr.Write("\r\u001b[K");
            drawn = false;
        }
    }

    public void Dispose() => Clear();
}
