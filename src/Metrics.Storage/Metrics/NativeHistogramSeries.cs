using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;

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
    private bool nativeAnnounced;

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

    /// <summary>Drops the classic and native changes not sent yet; both parts start again from zero.</summary>
    protected override void Forget()
    {
        classic.Reset(removeFields: false);
        buckets.Take(new SortedDictionary<int, long>(), new SortedDictionary<int, long>());
        zeroCount.Take();
        sum.Take();
        nativeAnnounced = false;
    }

    /// <summary>Appends what the native part gained since the last take; nothing when it gained nothing and was sent before.</summary>
    public void CollectNative(List<NativeHistogramWrite> writes)
    {
        var positive = new SortedDictionary<int, long>();
        var negative = new SortedDictionary<int, long>();
        var (schema, bucketed) = buckets.Take(positive, negative);
        var zero = zeroCount.Take();
        var sumDelta = sum.Take();
        if (bucketed == 0 && zero == 0 && sumDelta == 0 && nativeAnnounced)
        {
            return;
        }

        nativeAnnounced = true;
        writes.Add(new NativeHistogramWrite(labelsJson, schema, zeroThreshold, zero, zero + bucketed, sumDelta, [.. positive], [.. negative]));
    }
}
