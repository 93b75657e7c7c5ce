using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A family whose series keep a <see cref="NativePart"/> beside their seed fields: a native histogram, or a summary with
/// quantiles (whose native parts are its sketch, written to the wall-clock slot of the flush).
/// </summary>
/// <typeparam name="TSeries">The series type.</typeparam>
internal abstract class NativeFamily<TSeries>(MetricMetadata metadata, int maxSeries) : MetricFamily<TSeries>(metadata, maxSeries)
    where TSeries : MetricSeries, INativeSeries
{
    /// <summary>The slot of the quantile window this flush's native parts go to; null for a native histogram (one part per series).</summary>
    protected virtual long? SketchSlot() => null;

    /// <summary>
    /// Collects the seed writes, with the native parts that changed attached to the family's write; both under the
    /// removal lock, so a series' removal reaches its seed fields and its native part in the same flush.
    /// </summary>
    protected override int CollectSeries(List<FamilyWrite> families)
    {
        var before = families.Count;
        var changed = base.CollectSeries(families);
        var native = new List<NativeHistogramWrite>();
        foreach (var series in Series)
        {
            series.CollectNative(native);
        }

        if (native.Count == 0)
        {
            return changed;
        }

        var slot = SketchSlot();
        if (families.Count > before)
        {
            families[^1] = families[^1] with { NativeSeries = native, SketchSlot = slot };
            return changed;
        }

        families.Add(new FamilyWrite(Metadata, []) { NativeSeries = native, SketchSlot = slot, Expiry = Expiry });
        return native.Count;
    }
}
