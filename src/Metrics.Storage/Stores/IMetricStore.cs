using Prometheus.Distributed.Flushing;

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

    /// <summary>Reads every family under this store's prefix or file.</summary>
    Task<IReadOnlyList<StoredFamily>> ReadAsync(CancellationToken cancellationToken);
}
