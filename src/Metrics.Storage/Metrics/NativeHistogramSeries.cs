using System.Runtime.CompilerServices;
using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A series of a histogram with native buckets: its classic part (the declared buckets, none for a native-only
/// histogram, and always <c>+Inf</c>, <c>_count</c> and <c>_sum</c>, which the text formats and the seed read) and
/// its native part (zero bucket, exponential buckets, count and sum), taken separately at each flush.
/// </summary>
internal sealed class NativeHistogramSeries : MetricSeries, IHistogramSeries, INativeSeries
{
    private readonly HistogramSeries classic;
    private readonly NativePart native;

    /// <summary>Creates the series around its classic part, with the native settings of its family.</summary>
    public NativeHistogramSeries(HistogramSeries classic, string labelsJson, NativeHistogramOptions options)
    {
        this.classic = classic;
        native = new NativePart(labelsJson, options.Schema, options.MaxBucketCount, options.ZeroThreshold);
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Observe(double value)
    {
        classic.Observe(value);
        native.Observe(value);
    }

    /// <inheritdoc />
    public override void Collect(List<SampleWrite> writes) => classic.Collect(writes);

    /// <inheritdoc />
    public void CollectNative(List<NativeHistogramWrite> writes) => native.Collect(writes);

    /// <summary>Names every classic field, so a removal removes them all, whichever changed last.</summary>
    protected override IEnumerable<string> SentFields() => classic.Fields;

    /// <summary>Drops the classic and native changes not sent yet; both parts start again from zero.</summary>
    protected override void Forget()
    {
        classic.Reset(removeFields: false);
        native.Forget();
    }

    /// <summary>Makes the next native collection remove the stored native part before it adds what came after.</summary>
    protected override void QueueStoredRemoval() => native.QueueRemoval();
}
