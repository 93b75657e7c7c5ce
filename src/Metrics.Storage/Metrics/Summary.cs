using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared summary and its series.</summary>
internal sealed class Summary(MetricMetadata metadata, int maxSeries)
    : MetricFamily<SummarySeries>(metadata, maxSeries), ISummary
{
    /// <inheritdoc />
    public void Observe(double value) => Unlabelled.Observe(value);

    /// <inheritdoc />
    public ISummarySeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override SummarySeries CreateSeries(string[] labelValues) =>
        new(LabelsJson(labelValues));
}
