using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared gauge and its series.</summary>
internal sealed class Gauge(MetricMetadata metadata, int maxSeries)
    : MetricFamily<GaugeSeries>(metadata, maxSeries), IGauge
{
    /// <inheritdoc />
    public void Set(double value) => Unlabelled.Set(value);

    /// <inheritdoc />
    public void Inc(double increment = 1) => Unlabelled.Inc(increment);

    /// <inheritdoc />
    public void Dec(double decrement = 1) => Unlabelled.Dec(decrement);

    /// <inheritdoc />
    public IGaugeSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override GaugeSeries CreateSeries(string[] labelValues) =>
        GaugeSeries.Create(LabelsJson(labelValues), Metadata.Mode.IsPerInstance());
}
