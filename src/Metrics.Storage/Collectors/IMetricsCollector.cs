namespace Prometheus.Distributed;

/// <summary>
/// Computes metric families when a scrape asks for them (table sizes, queue depths, the health of something
/// external). Collectors run on the instance serving the scrape, concurrently with the store read and within
/// <see cref="DistributedMetricsOptions.CollectorTimeout"/>; their families are added to that scrape only, never
/// stored. A collector that throws or runs out of time is skipped as a whole and counted in
/// <c>distributed_metrics_collector_failures_total{collector="TypeName"}</c>; the rest of the scrape is served.
/// </summary>
/// <example>
/// <code>
/// public sealed class QueueDepthCollector(IQueueClient queues) : IMetricsCollector
/// {
///     public async ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken)
///     {
///         var depth = sink.AddGauge("queue_depth", "Messages waiting.", "queue");
///         depth.Add(["orders"], await queues.CountAsync("orders", cancellationToken));
///     }
/// }
/// </code>
/// </example>
public interface IMetricsCollector
{
    /// <summary>Adds this collector's families to <paramref name="sink"/>.</summary>
    /// <param name="sink">Where the families go; add each family once.</param>
    /// <param name="cancellationToken">Cancelled when the time budget or the scrape ends.</param>
    /// <returns>A task that completes when every family was added.</returns>
    ValueTask CollectAsync(CollectorSink sink, CancellationToken cancellationToken);
}
