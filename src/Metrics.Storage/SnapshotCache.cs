using System.Diagnostics;

namespace Prometheus.Distributed;

/// <summary>
/// Shares one read of the store between concurrent collections and those starting within a short window of it,
/// so a scrape storm is one store read. A failed read is not shared with later callers: the next one reads again.
/// Each caller waits with its own cancellation; the shared read itself is bounded by the store's own timeouts.
/// </summary>
internal sealed class SnapshotCache(Func<CancellationToken, Task<MetricsSnapshot>> read, TimeSpan window)
{
    private readonly Lock gate = new();
    private Task<MetricsSnapshot>? current;
    private long startedAt;

    /// <summary>The shared snapshot: the read in flight, the one started within the window, or a new read.</summary>
    public Task<MetricsSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (window == TimeSpan.Zero)
        {
            // A read that does not watch its token (a blocked SQLite call) still lets the caller go on time.
            return read(cancellationToken).WaitAsync(cancellationToken);
        }

        Task<MetricsSnapshot> shared;
        lock (gate)
        {
            if (current is null
                || (current.IsCompleted && (!current.IsCompletedSuccessfully || Stopwatch.GetElapsedTime(startedAt) > window)))
            {
                startedAt = Stopwatch.GetTimestamp();
                current = Task.Run(() => read(CancellationToken.None), CancellationToken.None);

                // Observed here too, so a failed read whose callers all gave up never goes unobserved.
                current.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            shared = current;
        }

        return shared.WaitAsync(cancellationToken);
    }
}
