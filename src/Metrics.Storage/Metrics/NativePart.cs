using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// The exponential buckets of one series (a native histogram's native part, or a quantile summary's sketch): zero
/// bucket, bucket counts by key, count and sum since the last flush, in cells of the observing thread's own, and
/// whether the store's copy is to be removed first. Taken by the flusher as a <see cref="NativeHistogramWrite"/>.
/// </summary>
internal sealed class NativePart
{
    private readonly NativeBuckets buckets;
    private readonly string labelsJson;
    private readonly double zeroThreshold;
    private PerThreadCount zeroCount = new();
    private PerThreadSum sum = new();
    private bool changesOnly;
    private bool removalPending;

    /// <summary>Creates the part of the series <paramref name="labelsJson"/> at <paramref name="schema"/>, at most <paramref name="maxBuckets"/> buckets.</summary>
    public NativePart(string labelsJson, int schema, int maxBuckets, double zeroThreshold)
    {
        this.labelsJson = labelsJson;
        this.zeroThreshold = zeroThreshold;
        buckets = new NativeBuckets(schema, maxBuckets);
    }

    /// <summary>Counts a non-NaN <paramref name="value"/>: in the zero bucket when its magnitude is at most the zero threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
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

    /// <summary>
    /// Drops the changes not sent yet; the part starts again from zero and is not sent again at zero: like the seed's
    /// fields, it comes back when it is written again. A removal still pending is dropped (a family's clear deletes the
    /// stored part itself).
    /// </summary>
    public void Forget()
    {
        buckets.Take(new SortedDictionary<int, long>(), new SortedDictionary<int, long>());
        zeroCount.Take();
        sum.Take();
        changesOnly = true;
        removalPending = false;
    }

    /// <summary>Makes the next collection remove the stored part before it adds what came after.</summary>
    public void QueueRemoval() => removalPending = true;

    /// <summary>
    /// Appends what the part gained since the last take (see <see cref="Take"/>). The caller holds the family's removal
    /// lock, so a removal is sent in the same flush as the seed fields' removal.
    /// </summary>
    public void Collect(List<NativeHistogramWrite> writes)
    {
        if (Take() is { } write)
        {
            writes.Add(write);
        }
    }

    /// <summary>
    /// What the part gained since the last take, after the removal of its stored copy when one is pending; null when it
    /// gained nothing, was sent before and no removal is pending. Called by the flusher only, one collection at a time.
    /// </summary>
    public NativeHistogramWrite? Take()
    {
        var positive = new SortedDictionary<int, long>();
        var negative = new SortedDictionary<int, long>();
        var (schema, bucketed) = buckets.Take(positive, negative);
        var zero = zeroCount.Take();
        var sumDelta = sum.Take();
        if (bucketed == 0 && zero == 0 && sumDelta == 0 && changesOnly && !removalPending)
        {
            return null;
        }

        var write = new NativeHistogramWrite(labelsJson, schema, zeroThreshold, zero, zero + bucketed, sumDelta, [.. positive], [.. negative])
        {
            RemovesStored = removalPending,
        };
        changesOnly = true;
        removalPending = false;
        return write;
    }
}
