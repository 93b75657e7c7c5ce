using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>A counter family a collector reports: one <c>_total</c> sample per series.</summary>
public sealed class CounterFamily
{
    internal CounterFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.Counter, name, help, labelNames);

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="value">The count so far; not negative.</param>
    /// <param name="timestamp">When the value was measured; null lets the scraper use the scrape time.</param>
    /// <param name="exemplar">An exemplar for the <c>_total</c> sample (OpenMetrics only).</param>
    /// <param name="created">When the counter started (the <c>_created</c> sample, OpenMetrics only).</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values or a negative or NaN value.</exception>
    public CounterFamily Add(
        IReadOnlyList<string> labelValues,
        double value,
        DateTimeOffset? timestamp = null,
        Exemplar? exemplar = null,
        DateTimeOffset? created = null)
    {
        if (!(value >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{Family.Name}' needs a value of zero or more.");
        }

        Family.Add(
            Family.Labels(labelValues),
            [
                new SampleSnapshot(FamilyShape.Total, null, value, CollectedFamily.Extras(timestamp, exemplar)),
                .. CollectedFamily.Created(created, timestamp),
            ]);
        return this;
    }
}
