using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Flushing;

/// <summary>
/// Sends the merged deltas of every changed series to the store, one batch at a time: every
/// <c>FlushInterval</c> in the background, on demand, and once more on dispose. A batch the store did not
/// confirm is kept and retried as it is (same sequence, so the store can skip it if it was applied after all)
/// before any newer deltas are sent; meanwhile newer updates keep merging in the series' cells. A batch the store
/// applied except for refused families (declared differently by another process) counts as confirmed, so one
/// bad family never blocks the others. Every flush but the final one first heartbeats, even when nothing changed,
/// so the store knows the instance is alive. After a failure the background loop backs off (doubling up to 30 s), but
/// retries at once when the store reports its connection restored or a probe, made every flush interval, succeeds.
/// </summary>
internal sealed class MetricFlusher : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FinalRetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxFinalRetryDelay = TimeSpan.FromSeconds(1);
    private readonly IFlushSource source;
    private readonly IMetricStore store;
    private readonly string instanceId;
    private readonly TimeSpan interval;
    private readonly TimeSpan instanceTimeout;
    private readonly IFlushObserver observer;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;
    private FlushBatch? unconfirmed;
    private int unconfirmedSeries;
    private Exception? lastError;
    private long nextSequence;
    private long failures;
    private TaskCompletionSource restored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool probeFailed;

    /// <summary>Creates a flusher; nothing runs until <see cref="Start"/>.</summary>
    public MetricFlusher(
        IFlushSource source,
        IMetricStore store,
        string instanceId,
        TimeSpan interval,
        TimeSpan instanceTimeout,
        IFlushObserver observer)
    {
        this.observer = observer;
        this.source = source;
        this.store = store;
        this.instanceId = instanceId;
        this.interval = interval;
        this.instanceTimeout = instanceTimeout;

        // Microseconds since the epoch: a restarted process that reuses an instance id starts above every
        // sequence its previous run could have used, so the store's exactly-once check never skips new data.
        nextSequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
    }

    /// <summary>Called with each failure of a background flush (the batch stays queued for retry).</summary>
    public Action<Exception>? FlushFailed { get; set; }

    /// <summary>How many flush attempts failed since start.</summary>
    public long Failures => Interlocked.Read(ref failures);

    /// <summary>Why the last flush attempt failed, or null when it succeeded (or none was made yet).</summary>
    public Exception? LastError => Volatile.Read(ref lastError);

    /// <summary>
    /// Starts the background loop, without the caller's execution context: the activity current where the metrics were
    /// created (a request that first resolved them) must not become the exemplar of every background flush.
    /// </summary>
    public void Start()
    {
        if (store is IReportsRestoredConnection reporting)
        {
            reporting.ConnectionRestored += OnConnectionRestored;
        }

        using (ExecutionContext.SuppressFlow())
        {
            loop = Task.Run(() => RunAsync(stopping.Token));
        }
    }

    /// <summary>Heartbeats, then sends every pending change; returns when the store confirmed it.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => FlushAsync(heartbeat: true, cancellationToken);

    /// <summary>
    /// Sends every pending change without a heartbeat: the final flush of an instance that is stopping, which should
    /// neither claim to be alive nor touch the store when nothing is pending. A failed attempt (a locked SQLite file,
    /// a Redis fail-over) is retried with a short back-off until <paramref name="cancellationToken"/> ends the
    /// shutdown budget; then the last failure is thrown.
    /// </summary>
    public async Task FinalFlushAsync(CancellationToken cancellationToken)
    {
        var delay = FinalRetryDelay;
        while (true)
        {
            Exception failure;
            try
            {
                await FlushAsync(heartbeat: false, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not MetadataConflictException && !cancellationToken.IsCancellationRequested)
            {
                failure = e;
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            delay = delay * 2 < MaxFinalRetryDelay ? delay * 2 : MaxFinalRetryDelay;
        }
    }

    /// <summary>
    /// One flush: heartbeat (unless final), the batch the store did not confirm yet, then a new batch of what changed.
    /// Whichever store call fails ends the flush and is counted once; what waits is then in <see cref="unconfirmed"/>
    /// (collected now when the heartbeat failed first), so the observer learns how many series wait. The observer times
    /// the whole flush, heartbeat and retries included.
    /// </summary>
    private async Task FlushAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            if (heartbeat)
            {
                await HeartbeatAsync(cancellationToken).ConfigureAwait(false);
            }

            if (unconfirmed is not null)
            {
                await ApplyUnconfirmedAsync(cancellationToken).ConfigureAwait(false);
            }

            if (CollectBatch())
            {
                await ApplyUnconfirmedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not MetadataConflictException)
        {
            failed = true;
            Interlocked.Increment(ref failures);
            Volatile.Write(ref lastError, e);
            if (unconfirmed is null)
            {
                CollectBatch();
            }

            observer.Failed(unconfirmedSeries, e);
            throw;
        }
        finally
        {
            observer.Flushed(Stopwatch.GetElapsedTime(started), failed);
            gate.Release();
        }
    }

    /// <summary>Moves every change since the last collection into a new unconfirmed batch; false when nothing changed.</summary>
    private bool CollectBatch()
    {
        observer.Collecting();
        var families = new List<FamilyWrite>();
        var series = source.Collect(families);
        if (families.Count == 0)
        {
            return false;
        }

        unconfirmed = new FlushBatch(instanceId, nextSequence++, families);
        unconfirmedSeries = series;
        return true;
    }

    /// <summary>Stops the background loop; the final flush is the owner's call.</summary>
    public async ValueTask DisposeAsync()
    {
        if (store is IReportsRestoredConnection reporting)
        {
            reporting.ConnectionRestored -= OnConnectionRestored;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stopping.Dispose();
    }

    /// <summary>
    /// Tells the store this instance is alive. When the store did not know it (first heartbeat, or it was judged
    /// dead and its per-instance values were removed), every per-instance value is sent again with this flush.
    /// </summary>
    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        if (!await store.HeartbeatAsync(instanceId, instanceTimeout, cancellationToken).ConfigureAwait(false))
        {
            source.Reannounce();
        }
    }

    private async Task ApplyUnconfirmedAsync(CancellationToken cancellationToken)
    {
        var batch = unconfirmed!;
        try
        {
            await store.ApplyAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (MetadataConflictException conflict)
        {
            Confirmed(batch);
            observer.Refused(conflict);
            throw;
        }

        Confirmed(batch);
    }

    private void Confirmed(FlushBatch batch)
    {
        unconfirmed = null;
        unconfirmedSeries = 0;
        Volatile.Write(ref lastError, null);
        observer.Applied(batch);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = interval;
        var consecutiveFailures = 0;
        while (true)
        {
            try
            {
                if (consecutiveFailures == 0)
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await WaitForRetryAsync(delay, cancellationToken).ConfigureAwait(false);
                }

                await FlushAsync(cancellationToken).ConfigureAwait(false);
                consecutiveFailures = 0;
                probeFailed = false;
                delay = interval;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (MetadataConflictException)
            {
                // Applied except the refused families, which the observer reported: not an outage, no back-off.
                consecutiveFailures = 0;
                probeFailed = false;
                delay = interval;
            }
#pragma warning disable CA1031 // A failed background flush is retried; it must never end the loop.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Volatile.Write(ref restored, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                consecutiveFailures++;
                delay = Backoff(consecutiveFailures);
                FlushFailed?.Invoke(e);
            }
        }
    }

    /// <summary>
    /// Waits out the back-off after a failed flush, but no longer than the store is back: the wait ends when the store
    /// reports its connection restored, or when a probe, made every flush interval, succeeds after one failed during
    /// this outage. (A store that answers probes but fails flushes for another reason gets the whole back-off.)
    /// </summary>
    private async Task WaitForRetryAsync(TimeSpan backoff, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref restored).Task;
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < backoff)
        {
            var step = Task.Delay(Min(interval, backoff - waiting.Elapsed), cancellationToken);
            if (await Task.WhenAny(step, signal).ConfigureAwait(false) == signal)
            {
                return;
            }

            await step.ConfigureAwait(false);
            if (waiting.Elapsed >= backoff)
            {
                return;
            }

            try
            {
                await store.ProbeAsync(cancellationToken).ConfigureAwait(false);
                if (probeFailed)
                {
                    return;
                }
            }
#pragma warning disable CA1031 // A failed probe only means the store is still away: keep backing off.
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                probeFailed = true;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void OnConnectionRestored() => Volatile.Read(ref restored).TrySetResult();

    private TimeSpan Backoff(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Min(consecutiveFailures, 16));
        var backoff = TimeSpan.FromTicks((long)Math.Min(interval.Ticks * factor, MaxBackoff.Ticks));
        return backoff > interval ? backoff : interval;
    }
}
