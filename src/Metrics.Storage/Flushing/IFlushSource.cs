using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Flushing;

/// <summary>
/// Where the <see cref="MetricFlusher"/> takes its changes from: the metrics layer implements it, so flushing depends
/// on the store contract only and the metrics layer sits above it.
/// </summary>
internal interface IFlushSource
{
    /// <summary>
    /// Appends the changes of every series that changed since the last collection to <paramref name="writes"/>;
    /// returns how many series changed. Called under the flusher's gate, never concurrently.
    /// </summary>
    int Collect(List<FamilyWrite> writes);

    /// <summary>
    /// Marks every per-instance value changed, so the next collection sends it again: called when the store no longer
    /// knew this instance (it was judged dead and its values were removed).
    /// </summary>
    void Reannounce();
}
