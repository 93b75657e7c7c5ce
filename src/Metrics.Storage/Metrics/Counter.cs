using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>A declared counter and its series; <paramref name="exemplars"/> false never captures an exemplar.</summary>
internal sealed class Counter(MetricMetadata metadata, int maxSeries, bool exemplars)
    : MetricFamily<CounterSeries>(metadata, maxSeries), ICounter
{
    /// <inheritdoc />
    public void Inc(double increment = 1) => Unlabelled.Inc(increment);

    /// <inheritdoc />
    public ICounterSeries WithLabels(params ReadOnlySpan<string> labelValues) => GetSeries(labelValues);

    /// <inheritdoc />
    protected override CounterSeries CreateSeries(string[] labelValues) =>
        new(LabelsJson(labelValues), exemplars);
}
