using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>A series with a <see cref="NativePart"/>: a native histogram's, or a quantile summary's.</summary>
internal interface INativeSeries
{
    /// <summary>
    /// Appends what the native part gained since the last take (see <see cref="NativePart.Collect"/>). The caller holds
    /// the family's removal lock.
    /// </summary>
    void CollectNative(List<NativeHistogramWrite> writes);
}
