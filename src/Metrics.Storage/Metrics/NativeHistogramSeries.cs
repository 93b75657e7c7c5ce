using System.Runtime.CompilerServices;
using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A series of a histogram with native buckets: its classic part (the declared buckets, none for a native-only
/// histogram, and always <c>+Inf</c>, <c>_count</c> and <c>_sum</c>, which the text formats and the seed read) and
/// its native part (zero bucket, exponential buckets, count and sum), taken separately at each flush.
/// </summary>
internal sealed class NativeHistogramSeries : MetricSeries, IHistogramSeries
{
    private readonly HistogramSeries classic;
    private readonly NativeBuckets buckets;
    private readonly string labelsJson;
    private readonly double zeroThreshold;
    private PerThreadCount zeroCount = new();
    private PerThreadSum sum = new();
    private bool nativeChangesOnly;
    private bool nativeRemovalPending;

    /// <summary>Creates the series around its classic part, with the native settings of its family.</summary>
    public NativeHistogramSeries(HistogramSeries classic, string labelsJson, NativeHistogramOptions options)
    {
        this.classic = classic;
        this.labelsJson = labelsJson;
        zeroThreshold = options.ZeroThreshold;
        buckets = new NativeBuckets(options.Schema, options.MaxBucketCount);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        classic.Observe(value);
        if (Math.Abs(value) <= zeroThreshold)
        {
            zeroCount.Increment();
        }
        else
        {
            buckets.Add(value);
        }

        sum.Add(value);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes) => classic.Collect(writes);

    /// <summary>Names every classic field, so a removal removes them all, whichever changed last.</summary>
    protected override IEnumerable<string> SentFields() => classic.Fields;

    /// <summary>
    /// Drops the classic and native changes not sent yet; both parts start again from zero. The native part is not sent
    /// again at zero: like the classic part, it comes back when it is written again. A family's clear deletes the stored
    /// native part itself, so a removal still pending is dropped.
    /// </summary>
    protected override void Forget()
    {
        classic.Reset(removeFields: false);
        buckets.Take(new SortedDictionary<int, long>(), new SortedDictionary<int, long>());
        zeroCount.Take();
        sum.Take();
        nativeChangesOnly = true;
        nativeRemovalPending = false;
    }

    /// <summary>Makes the next native collection remove the stored native part before it adds what came after.</summary>
    protected override void QueueStoredRemoval() => nativeRemovalPending = true;

    /// <summary>
    /// Appends what the native part gained since the last take, after the removal of its stored part when one is
    /// pending; nothing when it gained nothing, was sent before and no removal is pending. The caller holds the family's
    /// removal lock, so a removal is sent in the same flush as the classic fields' removal.
    /// </summary>
    public void CollectNative(List<NativeHistogramWrite> writes)
    {
        var positive = new SortedDictionary<int, long>();
        var negative = new SortedDictionary<int, long>();
        var (schema, bucketed) = buckets.Take(positive, negative);
        var zero = zeroCount.Take();
        var sumDelta = sum.Take();
        if (bucketed == 0 && zero == 0 && sumDelta == 0 && nativeChangesOnly && !nativeRemovalPending)
        {
            return;
        }

        writes.Add(new NativeHistogramWrite(labelsJson, schema, zeroThreshold, zero, zero + bucketed, sumDelta, [.. positive], [.. negative])
        {
            RemovesStored = nativeRemovalPending,
        });
        nativeChangesOnly = true;
        nativeRemovalPending = false;
    }
}
