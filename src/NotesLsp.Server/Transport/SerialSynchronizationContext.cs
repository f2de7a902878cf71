using System.Collections.Concurrent;

namespace NotesLsp.Server.Transport;

/// <summary>
/// Runs every posted callback on one dedicated thread, in the order posted. All request and notification
/// handlers (and their continuations after an await) run here, so the server state needs no locks and edits are
/// applied strictly in arrival order.
/// </summary>
internal sealed class SerialSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> queue = [];
    private readonly Thread thread;
    private readonly Action<Exception> onError;

    public SerialSynchronizationContext(Action<Exception> onError)
    {
        this.onError = onError;
        thread = new Thread(Run) { IsBackground = true, Name = "notes-lsp main" };
        thread.Start();
    }

    /// <summary>Number of callbacks waiting to run (a burst of edits shows up here).</summary>
    public int Pending => queue.Count;

    public bool IsCurrent => Thread.CurrentThread == thread;

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!queue.IsAddingCompleted)
        {
            try
            {
                queue.Add((d, state));
            }
            catch (InvalidOperationException)
            {
                // Completed concurrently: the server is shutting down.
            }
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (IsCurrent)
        {
            d(state);
            return;
        }

        using var done = new ManualResetEventSlim();
        Exception? failure = null;
        Post(
            _ =>
            {
                try
                {
                    d(state);
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    done.Set();
                }
            },
            null);
        done.Wait();
        if (failure is not null)
        {
            throw new InvalidOperationException("A callback sent to the server thread failed.", failure);
        }
    }

    public override SynchronizationContext CreateCopy() => this;

    public void Dispose()
    {
        queue.CompleteAdding();
        if (!IsCurrent && thread.Join(TimeSpan.FromSeconds(2)))
        {
            queue.Dispose();
        }
    }

    private void Run()
    {
        SetSynchronizationContext(this);
        foreach (var (callback, state) in queue.GetConsumingEnumerable())
        {
            try
            {
                callback(state);
            }
            catch (Exception e)
            {
                onError(e);
            }
        }
    }
}
