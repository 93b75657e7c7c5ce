using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared histogram and its series; <paramref name="exemplars"/> false never captures an exemplar.</summary>
internal sealed class Histogram(MetricMetadata metadata, int maxSeries, bool exemplars)
    : MetricFamily<HistogramSeries>(metadata, maxSeries), IHistogram
{
    // The same for every series of the family, so made once: the bounds, the bucket labels' names and le texts.
    private readonly double[] bounds = [.. metadata.Buckets];
    private readonly string[] bucketLabelNames = [.. metadata.LabelNames, "le"];
    private readonly string[] leTexts = [.. metadata.Buckets.Select(FloatFormatter.FormatSeedLabel), "+Inf"];

    /// <summary>The Python client's default buckets, for latencies in seconds.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public IHistogramSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override HistogramSeries CreateSeries(string[] labelValues) =>
        new(Metadata.LabelNames, labelValues, bounds, bucketLabelNames, leTexts, exemplars);
}
