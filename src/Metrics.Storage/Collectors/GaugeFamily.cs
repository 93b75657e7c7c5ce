using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>A gauge family a collector reports: one sample per series.</summary>
public sealed class GaugeFamily
{
    internal GaugeFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.Gauge, name, help, labelNames);

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="value">The current value.</param>
    /// <param name="timestamp">When the value was measured; null lets the scraper use the scrape time.</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values.</exception>
    public GaugeFamily Add(IReadOnlyList<string> labelValues, double value, DateTimeOffset? timestamp = null)
    {
        Family.Add(Family.Labels(labelValues), new SampleSnapshot(string.Empty, null, value, CollectedFamily.Extras(timestamp)));
        return this;
    }
}
