using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Flushing;

/// <summary>Told about each flush by the <see cref="MetricFlusher"/>, under its flush gate (never concurrently).</summary>
internal interface IFlushObserver
{
    /// <summary>Called before the changed series are collected into a new batch.</summary>
    void Collecting();

    /// <summary>The store confirmed <paramref name="batch"/> after <paramref name="duration"/>.</summary>
    void Applied(FlushBatch batch, TimeSpan duration);

    /// <summary>The store did not confirm a batch of <paramref name="pendingSeries"/> changed series; it is retried.</summary>
    void Failed(int pendingSeries);

    /// <summary>The store applied a batch except the families it refused.</summary>
    void Refused(MetadataConflictException conflict);
}
