namespace Prometheus.Distributed.Monitoring;

/// <summary>
/// This library's own metrics, declared in the process's registry like any other, so they are flushed through the
/// same flusher and add up over every instance in the store.
/// </summary>
internal sealed class SelfMetrics(IMetricFactory factory)
{
    /// <summary>The prefix of every self-metric name.</summary>
    public const string Prefix = "distributed_metrics_";

    private static readonly double[] FlushBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    /// <summary>Time one whole flush took: heartbeat, retried batch and new batch, failed or not.</summary>
    public IHistogram FlushDuration { get; } = factory.CreateHistogram(
        Prefix + "flush_duration_seconds", "Time one flush of this library took in all (heartbeat and retries included), failed or not.", FlushBuckets);

    /// <summary>Flush attempts in which a call to the store (heartbeat, apply, cleanup) failed; retried with back-off.</summary>
    public ICounter FlushFailures { get; } = factory.CreateCounter(
        Prefix + "flush_failures_total", "Flush attempts in which a call to the metrics store (heartbeat, apply, cleanup) failed; they are retried.");

    /// <summary>Flushes whose replicas did not acknowledge them in time (<c>RedisWaitForReplicas</c>); they are retried.</summary>
    public ICounter ReplicaWaitTimeouts { get; } = factory.CreateCounter(
        Prefix + "replica_wait_timeouts_total",
        "Flushes fewer Redis replicas than RedisWaitForReplicas acknowledged in time; they are retried.");

    /// <summary>
    /// Series whose changes waited for the store: the most that waited during the last outage, written once the store
    /// confirms again, then 0.
    /// </summary>
    public IGauge PendingSeries { get; } = factory.CreateGauge(
        Prefix + "pending_series",
        "Series whose changes waited for the metrics store during the last failed flushes (0 when none), summed over live instances.",
        GaugeMode.LiveSum);

    /// <summary>Updates to new series refused because the metric reached its series limit, by metric.</summary>
    public ICounter DroppedSeries { get; } = factory.CreateCounter(
        Prefix + "series_dropped_total", "Updates to new series dropped because the metric reached MaxSeriesPerMetric.", "metric");

    /// <summary>Flushes of a metric the store refused because another process declared it differently, by metric.</summary>
    public ICounter RefusedFlushes { get; } = factory.CreateCounter(
        Prefix + "flush_refused_total", "Flushes of a metric refused because the store holds another declaration of it.", "metric");

    /// <summary>Entries a read of the store left out because they cannot be shown, by reason (see <c>SkipReason</c>).</summary>
    public ICounter SkippedEntries { get; } = factory.CreateCounter(
        Prefix + "skipped_entries_total", "Store entries left out of scrapes because they cannot be shown (foreign or damaged data), by reason.", "reason");

    /// <summary>True for a family written by this class.</summary>
    public static bool IsSelfMetric(string familyName) => familyName.StartsWith(Prefix, StringComparison.Ordinal);
}
