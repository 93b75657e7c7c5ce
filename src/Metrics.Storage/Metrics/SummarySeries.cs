using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A summary series: the count and sum of observations since the last flush (the seed's <c>_count</c> and
/// <c>_sum</c>), in cells of the observing thread's own (plain adds, no lock, no atomic instruction). For a summary
/// with quantiles they are those of its sketch (a <see cref="NativePart"/> at <see cref="Summary.SketchSchema"/>), so an
/// observation is one bucket's add and one sum's add, and the flush takes count, sum and buckets at once.
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

    // The sketch taken by the last Collect, for the CollectNative that follows it in the same collection.
    private NativeHistogramWrite? takenSketch;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        if (sketch is not null)
        {
            sketch.Observe(value);
            return;
        }

        count.Increment();
        sum.Add(value);
    }

    /// <summary>
    /// Appends <c>_count</c> and <c>_sum</c> when they changed (and <c>_created</c> the first time). With quantiles they
    /// are the sketch's, taken here whole and kept for the <see cref="CollectNative"/> that follows.
    /// </summary>
    public override void Collect(List<SampleWrite> writes)
    {
        long countDelta;
        double sumDelta;
        if (sketch is not null)
        {
            takenSketch = sketch.Take();
            (countDelta, sumDelta) = takenSketch is { } taken ? (taken.Count, taken.Sum) : (0, 0);
        }
        else
        {
            countDelta = count.Take();
            sumDelta = sum.Take();
        }

        if (countDelta == 0 && sumDelta == 0 && SendsChangesOnly)
        {
            return;
        }

        writes.Add(new SampleWrite(countField, WriteKind.Add, countDelta));
        writes.Add(new SampleWrite(sumField, WriteKind.Add, sumDelta));
        AnnounceCreated(writes, labelsJson);
    }

    /// <summary>Appends the sketch the collection's <see cref="Collect"/> took, if any; nothing without quantiles.</summary>
    public void CollectNative(List<NativeHistogramWrite> writes)
    {
        if (takenSketch is { } taken)
        {
            writes.Add(taken);
            takenSketch = null;
        }
    }

    /// <summary>Drops the sketch's changes not sent yet, and the one a reset's collection took.</summary>
    protected override void Forget()
    {
        sketch?.Forget();
        takenSketch = null;
    }

    /// <summary>Makes the next collection remove the series from every stored slot of the sketch before it adds what came after.</summary>
    protected override void QueueStoredRemoval() => sketch?.QueueRemoval();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNaN() =>
        throw new ArgumentOutOfRangeException("value", double.NaN, "A summary observation must not be NaN.");
}
