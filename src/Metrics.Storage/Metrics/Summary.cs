using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A declared summary and its series: count and sum, and, when declared with quantiles
/// (<see cref="MetricMetadata.Window"/>), a sketch of each series' observations: native-histogram buckets at schema
/// <see cref="SketchSchema"/>, which add up across processes. Each flush adds what a sketch gained to the slot of the
/// window the flush falls in; a scrape merges the slots still in the window and reads the quantiles from the merged
/// buckets.
/// </summary>
internal sealed class Summary(MetricMetadata metadata, int maxSeries)
    : NativeFamily<SummarySeries>(metadata, maxSeries), ISummary
{
    /// <summary>
    /// The sketch's resolution: 64 buckets per power of two, each 1.09 % wider than the one before, so a bucket's
    /// midpoint is within 0.542 % of any value in it (<see cref="NativeSchema.RelativeError"/>).
    /// </summary>
    public const int SketchSchema = 6;

    /// <summary>
    /// The most buckets a series' sketch keeps: values spanning 2^32 (1 µs to over an hour) at <see cref="SketchSchema"/>;
    /// a wider span halves the resolution, as for native histograms.
    /// </summary>
    public const int SketchMaxBuckets = 2048;

    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public ISummarySeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <summary>The slot of the quantile window this flush falls in, by this process's clock; null without quantiles.</summary>
    protected override long? SketchSlot() => Metadata.Window?.SlotAt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <inheritdoc />
    protected override SummarySeries CreateSeries(string[] labelValues) =>
        new(LabelJson.Encode(Metadata.LabelNames, labelValues), withSketch: Metadata.Window is not null);
}
