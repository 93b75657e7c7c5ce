
namespace Prometheus.Distributed.Stores;

/// <summary>A shared store of metric families in the seed's layout.</summary>
internal interface IMetricStore : IAsyncDisposable
{
    /// <summary>
    /// Applies a batch atomically (a reader never sees part of it) and exactly once per
    /// (<see cref="FlushBatch.InstanceId"/>, <see cref="FlushBatch.Sequence"/>): a batch whose sequence is not
    /// above the last one applied for that instance is skipped.
    /// </summary>
    Task ApplyAsync(FlushBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Reads every family under this store's prefix or file, one at a time and each whole (a family is read as one
    /// batch left it, never half of one), so that a reader holds one family at a time, not the store. The order is
    /// the store's own; readers that need one sort.
    /// </summary>
    IAsyncEnumerable<StoredFamily> ReadFamiliesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="instanceId"/> is alive now (by the store's clock), and removes, for a bounded
    /// number of instances whose last heartbeat is older than <paramref name="instanceTimeout"/>, their values of the
    /// <c>Live*</c> gauges and their heartbeat.
    /// </summary>
    /// <returns>
    /// True when the store knew the instance already; false when it is new or was removed as dead, so its
    /// per-instance values must be sent again.
    /// </returns>
    Task<bool> HeartbeatAsync(string instanceId, TimeSpan instanceTimeout, CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the store could take a flush now, throws when it cannot: one cheap call that waits for no lock,
    /// which the flusher makes while it backs off after failures, so that it does not wait out the back-off once the
    /// store is back.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);

    /// <summary>Every instance the store knows, with the time since its last heartbeat.</summary>
    Task<IReadOnlyList<InstanceHeartbeat>> ReadInstancesAsync(CancellationToken cancellationToken);
}
