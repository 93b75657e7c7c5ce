using Prometheus.Distributed.Labels;
using Prometheus.Distributed.Text;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A declared histogram with native buckets and its series; its classic buckets are <see cref="MetricMetadata.Buckets"/>
/// (none for a native-only one). <paramref name="exemplars"/> false never captures an exemplar on a classic bucket.
/// </summary>
internal sealed class NativeHistogram(MetricMetadata metadata, int maxSeries, bool exemplars, NativeHistogramOptions options)
    : NativeFamily<NativeHistogramSeries>(metadata, maxSeries), IHistogram
{
    private readonly double[] bounds = [.. metadata.Buckets];
    private readonly string[] bucketLabelNames = [.. metadata.LabelNames, "le"];
    private readonly string[] leTexts = [.. metadata.Buckets.Select(FloatFormatter.FormatSeedLabel), "+Inf"];

    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public IHistogramSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override NativeHistogramSeries CreateSeries(string[] labelValues) =>
        new(
            new HistogramSeries(Metadata.LabelNames, labelValues, bounds, bucketLabelNames, leTexts, exemplars),
            LabelJson.Encode(Metadata.LabelNames, labelValues),
            options);
}
