using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A summary series: the count and sum of observations since the last flush (the seed's <c>_count</c> and
/// <c>_sum</c>) and, for a summary with quantiles, its sketch (a <see cref="NativePart"/> at
/// <see cref="Summary.SketchSchema"/>). All live in cells of the observing thread's own: an observation is
/// plain adds, no lock, no atomic instruction.
/// </summary>
/// <param name="labelsJson">The series' labels JSON, as in the seed's field names.</param>
/// <param name="withSketch">True for a summary with quantiles.</param>
internal sealed class SummarySeries(string labelsJson, bool withSketch) : MetricSeries, ISummarySeries, INativeSeries
{
    private readonly string countField = Subkey.Compose("_count", labelsJson);
    private readonly string sumField = Subkey.Compose("_sum", labelsJson);
    private readonly string labelsJson = labelsJson;
    private readonly NativePart? sketch = withSketch
        ? new(labelsJson, Summary.SketchSchema, Summary.SketchMaxBuckets, NativeHistogramOptions.DefaultZeroThreshold)
        : null;

    private PerThreadCount count = new();
    private PerThreadSum sum = new();

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        count.Increment();
        sum.Add(value);
        sketch?.Observe(value);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        var countDelta = count.Take();
        var sumDelta = sum.Take();
        if (countDelta == 0 && sumDelta == 0 && SendsChangesOnly)
        {
            return;
        }

        writes.Add(new SampleWrite(countField, WriteKind.Add, countDelta));
        writes.Add(new SampleWrite(sumField, WriteKind.Add, sumDelta));
        AnnounceCreated(writes, labelsJson);
    }

    /// <summary>Appends what the sketch gained since the last take; nothing without quantiles.</summary>
    public void CollectNative(List<NativeHistogramWrite> writes) => sketch?.Collect(writes);

    /// <summary>Drops the sketch's changes not sent yet (the reset took the count and sum).</summary>
    protected override void Forget() => sketch?.Forget();

    /// <summary>Makes the next collection remove the series from every stored slot of the sketch before it adds what came after.</summary>
    protected override void QueueStoredRemoval() => sketch?.QueueRemoval();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNaN() =>
        throw new ArgumentOutOfRangeException("value", double.NaN, "A summary observation must not be NaN.");
}
