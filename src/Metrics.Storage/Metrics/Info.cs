using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared info metric and its series; information keys follow <paramref name="nameValidation"/>.</summary>
internal sealed class Info(MetricMetadata metadata, int maxSeries, NameValidation nameValidation)
    : MetricFamily<InfoSeries>(metadata, maxSeries), IInfo
{
    /// <inheritdoc />
    public void Set(params ReadOnlySpan<(string Name, string Value)> info) => Unlabelled.Set(info);

    /// <inheritdoc />
    public void Set(IReadOnlyDictionary<string, string> info) => Unlabelled.Set(info);

    /// <inheritdoc />
    public IInfoSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override InfoSeries CreateSeries(string[] labelValues) => new(Metadata, labelValues, nameValidation);
}
