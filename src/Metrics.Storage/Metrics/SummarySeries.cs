using System.Runtime.CompilerServices;
using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A summary series: the count and sum of observations since the last flush.</summary>
internal sealed class SummarySeries(string labelsJson) : MetricSeries, ISummarySeries
{
    private readonly string countField = FieldOf("_count", labelsJson);
    private readonly string sumField = FieldOf("_sum", labelsJson);
    private readonly string labelsJson = labelsJson;
    private long count;
    private DoubleCell sum;

    /// <inheritdoc />
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        Interlocked.Increment(ref count);
        sum.Add(value);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        var countDelta = Interlocked.Exchange(ref count, 0);
        var sumDelta = sum.Take();
        if (countDelta == 0 && sumDelta == 0 && SendsChangesOnly)
        {
            return;
        }

        writes.Add(new SampleWrite(countField, WriteKind.Add, countDelta));
        writes.Add(new SampleWrite(sumField, WriteKind.Add, sumDelta));
        AnnounceCreated(writes, labelsJson);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNaN() =>
        throw new ArgumentOutOfRangeException("value", double.NaN, "A summary observation must not be NaN.");
}
