using System.Diagnostics;

namespace Prometheus.Distributed;

/// <summary>
/// Shares one read per key between concurrent callers and those starting within a short window of it, so a scrape
/// storm is one read. A failed read is not shared with later callers: the next one reads again. Each caller waits with
/// its own cancellation; a shared read itself is bounded by the store's own timeouts. A result whose window passed is
/// handed to <c>evicted</c> when the next call for any key finds it, so nothing is kept much past its window.
/// </summary>
/// <typeparam name="TKey">What distinguishes reads (a scrape's format and escaping, say).</typeparam>
/// <typeparam name="TValue">What a read gives.</typeparam>
/// <param name="read">Reads for a key; called with <see cref="CancellationToken.None"/> when the read is shared.</param>
/// <param name="window">How long a completed read serves later callers; zero shares nothing.</param>
/// <param name="evicted">Called with each result the cache lets go of, to release what it holds; null for none.</param>
internal sealed class SharedReadCache<TKey, TValue>(
    Func<TKey, CancellationToken, Task<TValue>> read, TimeSpan window, Action<TValue>? evicted = null)
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<TKey, (Task<TValue> Read, long StartedAt)> entries = [];

    /// <summary>True when reads are shared at all (a positive window).</summary>
    public bool Shares => window > TimeSpan.Zero;

    /// <summary>The shared result for <paramref name="key"/>: the read in flight, the one started within the window, or a new read.</summary>
    public Task<TValue> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (!Shares)
        {
            // A read that does not watch its token (a blocked SQLite call) still lets the caller go on time.
            return read(key, cancellationToken).WaitAsync(cancellationToken);
        }

        Task<TValue> shared;
        List<TValue>? dropped = null;
        lock (gate)
        {
            foreach (var stale in entries.Where(e => IsStale(e.Value)).Select(e => e.Key).ToArray())
            {
                if (entries.Remove(stale, out var entry) && entry.Read.IsCompletedSuccessfully)
                {
                    (dropped ??= []).Add(entry.Read.Result);
                }
            }

            if (!entries.TryGetValue(key, out var current))
            {
                current = (Task.Run(() => read(key, CancellationToken.None), CancellationToken.None), Stopwatch.GetTimestamp());
                entries[key] = current;

                // Observed here too, so a failed read whose callers all gave up never goes unobserved.
                current.Read.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }

            shared = current.Read;
        }

        foreach (var value in dropped ?? [])
        {
            evicted?.Invoke(value);
        }

        return shared.WaitAsync(cancellationToken);
    }

    private bool IsStale((Task<TValue> Read, long StartedAt) entry) =>
        entry.Read.IsCompleted && (!entry.Read.IsCompletedSuccessfully || Stopwatch.GetElapsedTime(entry.StartedAt) > window);
}
