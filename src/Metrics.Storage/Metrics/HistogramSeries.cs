using System.Runtime.CompilerServices;
using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Seed;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A histogram series: per-bucket (not cumulative) counts and the sum since the last flush, each in cells of the
/// observing thread's own (plain adds, no atomic instruction). The flush derives cumulative buckets and the count
/// from the same taken counts, so <c>_count</c> always equals <c>+Inf</c>.
/// An observation inside a sampled activity may leave an exemplar on the bucket it falls in.
/// </summary>
internal sealed class HistogramSeries : MetricSeries, IHistogramSeries
{
    private readonly double[] bounds;
    private readonly PerThreadCount[] counts;
    private readonly string[] bucketFields;
    private readonly string countField;
    private readonly string sumField;
    private readonly string labelsJson;
    private readonly ExemplarSlot[] exemplars;
    private PerThreadSum sum = new();

    /// <summary>
    /// Creates the series and its field names from the family's shared <paramref name="bounds"/>, bucket label names
    /// (the labels and <c>le</c>) and <c>le</c> texts (one per bound, then <c>+Inf</c>); <paramref name="captureExemplars"/>
    /// false never captures an exemplar.
    /// </summary>
    public HistogramSeries(
        IReadOnlyList<string> labelNames,
        string[] labelValues,
        double[] bounds,
        string[] bucketLabelNames,
        string[] leTexts,
        bool captureExemplars)
    {
        this.bounds = bounds;
        counts = new PerThreadCount[bounds.Length + 1];
        var firstSlot = ThreadCells<IntegerCells>.NewSlots(counts.Length);
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new PerThreadCount(firstSlot + i);
        }

        exemplars = new ExemplarSlot[bounds.Length + 1];
        if (!captureExemplars)
        {
            foreach (ref var slot in exemplars.AsSpan())
            {
                slot.Disable();
            }
        }

        bucketFields = new string[bounds.Length + 1];
        for (var i = 0; i <= bounds.Length; i++)
        {
            bucketFields[i] = FieldOf("_bucket", LabelJson.Encode(bucketLabelNames, [.. labelValues, leTexts[i]]));
        }

        labelsJson = LabelJson.Encode(labelNames, labelValues);
        countField = FieldOf("_count", labelsJson);
        sumField = FieldOf("_sum", labelsJson);
    }

    /// <summary>Every field the series writes: its buckets, <c>_count</c>, <c>_sum</c> and <c>_created</c>.</summary>
    public IEnumerable<string> Fields => [.. bucketFields, countField, sumField, FieldOf("_created", labelsJson)];

    /// <inheritdoc />
    public void Observe(double value)
    {
        if (double.IsNaN(value))
        {
            ThrowNaN();
        }

        var index = 0;
        while (index < bounds.Length && value > bounds[index])
        {
            index++;
        }

        counts[index].Increment();
        sum.Add(value);
        exemplars[index].Offer(value);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes)
    {
        Span<long> taken = counts.Length <= 64 ? stackalloc long[counts.Length] : new long[counts.Length];
        long total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            taken[i] = counts[i].Take();
            total += taken[i];
        }

        var sumDelta = sum.Take();
        if (total == 0 && sumDelta == 0 && SendsChangesOnly && !HoldsExemplar())
        {
            return;
        }

        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += taken[i];
            var exemplar = exemplars[i].Take();
            if (cumulative != 0 || !Announced || exemplar is not null)
            {
                writes.Add(new SampleWrite(bucketFields[i], WriteKind.Add, cumulative, exemplar));
            }
        }

        writes.Add(new SampleWrite(countField, WriteKind.Add, total));
        writes.Add(new SampleWrite(sumField, WriteKind.Add, sumDelta));
        AnnounceCreated(writes, labelsJson);
    }

    /// <summary>True when a bucket holds an exemplar, even if an earlier flush already counted its observation.</summary>
    private bool HoldsExemplar()
    {
        foreach (ref var slot in exemplars.AsSpan())
        {
            if (slot.IsFull)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNaN() =>
        throw new ArgumentOutOfRangeException("value", double.NaN, "A histogram observation must not be NaN.");
}
