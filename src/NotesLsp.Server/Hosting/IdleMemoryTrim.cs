using Microsoft.Extensions.Logging;
using NotesLsp.Server.Transport;

namespace NotesLsp.Server.Hosting;

/// <summary>
/// Opening or indexing a big dump allocates far more than it keeps (message buffers, the text, parse scratch), and the
/// GC keeps the grown heap committed. Once the server has been idle for a moment and much was allocated since the last
/// trim, one aggressive collection hands the unused memory back to the system. While the server is busy, big answers
/// trigger a background full collection instead (see <see cref="CollectInBackgroundIfDue"/>), so the peak stays near
/// what is live.
/// </summary>
internal sealed class IdleMemoryTrim : IDisposable
{
    private const long AllocatedThreshold = 32L << 20;
    private const long AllocatedBeforeBackgroundCollection = 8L << 20;
    private const long BigMessage = 1L << 20;
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(500);

    private readonly SerialSynchronizationContext context;
    private readonly ILogger log;
    private readonly Timer timer;
    private readonly Action beforeCollect;
    private long allocatedAtLastTrim;
    private long allocatedAtLastActivity;
    private long allocatedByBigMessages;
    private int fullCollections;

    /// <param name="beforeCollect">Runs on the server thread before each trim's collection, to drop what can be rebuilt.</param>
    public IdleMemoryTrim(SerialSynchronizationContext context, ILogger log, Action beforeCollect)
    {
        this.context = context;
        this.log = log;
        this.beforeCollect = beforeCollect;
        timer = new Timer(_ => context.Post(_ => TrimIfIdle(), null));
    }

    /// <summary>The server did some work: the idle delay starts over.</summary>
    public void Activity()
    {
        timer.Change(IdleDelay, Timeout.InfiniteTimeSpan);
        CollectInBackgroundIfDue();
    }

    /// <summary>
    /// A bulk job (indexing a workspace) just ended: trim next on the server thread, without waiting for the idle
    /// delay (a one-off pause of tens of milliseconds, instead of keeping the job's garbage until the client pauses).
    /// </summary>
    public void AfterBulkWork() => context.Post(_ => Trim(), null);

    public void Dispose() => timer.Dispose();

    /// <summary>
    /// Big answers (the 10,000 references of a popular tag, a rename of it) are still in use when a collection runs in
    /// the middle of them, so part of each is promoted to the oldest generation, which is only collected once its budget
    /// runs out: without this, resident memory climbed by ~4 MB per such request during a busy session. Once the
    /// messages that allocated a megabyte or more have allocated 8 MB since the last full collection, one runs in the
    /// background (the other core marks; the server thread goes on), at the start of the next message, when the previous
    /// answer is garbage. Keystrokes (a few hundred kilobytes each, dead before the next one) never count: a background
    /// collection competing for the two cores showed in the keystroke latency.
    /// </summary>
    private void CollectInBackgroundIfDue()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var byLastMessage = allocated - allocatedAtLastActivity;
        allocatedAtLastActivity = allocated;
        var collections = GC.CollectionCount(GC.MaxGeneration);
        if (collections != fullCollections)
        {
            (fullCollections, allocatedByBigMessages) = (collections, 0);
        }

        allocatedByBigMessages += byLastMessage >= BigMessage ? byLastMessage : 0;
        if (allocatedByBigMessages < AllocatedBeforeBackgroundCollection)
        {
            return;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false);
        (fullCollections, allocatedByBigMessages) = (GC.CollectionCount(GC.MaxGeneration), 0);
    }

    private void TrimIfIdle()
    {
        if (context.Pending > 0)
        {
            Activity();
            return;
        }

        Trim();
    }

    private void Trim()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - allocatedAtLastTrim < AllocatedThreshold)
        {
            return;
        }

        var before = Environment.WorkingSet;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        beforeCollect();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        log.LogDebug("idle memory trim: working set {Before:N0} → {After:N0} bytes in {Elapsed:F1} ms (live {Live:N0}, heap {Heap:N0}, committed {Committed:N0})", before, Environment.WorkingSet, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, GC.GetTotalMemory(false), gc.HeapSizeBytes, gc.TotalCommittedBytes);
    }
}
