namespace Prometheus.Distributed.Metrics;

/// <summary>A declared histogram and its series; <paramref name="exemplars"/> false never captures an exemplar.</summary>
internal sealed class Histogram(MetricMetadata metadata, int maxSeries, bool exemplars)
    : MetricFamily<HistogramSeries>(metadata, maxSeries), IHistogram
{
    /// <summary>The Python client's default buckets, for latencies in seconds.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];

    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public IHistogramSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override HistogramSeries CreateSeries(string[] labelValues) =>
        new(Metadata.LabelNames, labelValues, [.. Metadata.Buckets], exemplars);
}
