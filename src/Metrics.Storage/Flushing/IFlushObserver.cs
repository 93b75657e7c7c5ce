using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Flushing;

/// <summary>Told about each flush by the <see cref="MetricFlusher"/>, under its flush gate (never concurrently).</summary>
internal interface IFlushObserver
{
    /// <summary>Called before the changed series are collected into a new batch.</summary>
    void Collecting();

    /// <summary>The store confirmed <paramref name="batch"/>.</summary>
    void Applied(FlushBatch batch);

    /// <summary>
    /// A call to the store failed (heartbeat, apply or the cleanup of dead instances) with <paramref name="error"/>; the
    /// <paramref name="pendingSeries"/> changed series that wait are retried.
    /// </summary>
    void Failed(int pendingSeries, Exception error);

    /// <summary>A flush ended, having taken <paramref name="duration"/> in all, heartbeat and retries included.</summary>
    void Flushed(TimeSpan duration, bool failed);

    /// <summary>The store applied a batch except the families it refused.</summary>
    void Refused(MetadataConflictException conflict);
}
