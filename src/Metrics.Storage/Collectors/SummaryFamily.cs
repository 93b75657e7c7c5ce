using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>A summary family a collector reports: <c>_count</c> and <c>_sum</c> per series.</summary>
public sealed class SummaryFamily
{
    internal SummaryFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.Summary, name, help, labelNames, "quantile");

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="count">How many observations; not negative.</param>
    /// <param name="sum">Their sum.</param>
    /// <param name="timestamp">When the values were measured; null lets the scraper use the scrape time.</param>
    /// <param name="created">When the summary started (the <c>_created</c> sample, OpenMetrics only).</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values or a negative or NaN count.</exception>
    public SummaryFamily Add(
        IReadOnlyList<string> labelValues, double count, double sum, DateTimeOffset? timestamp = null, DateTimeOffset? created = null)
    {
        if (!(count >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Summary '{Family.Name}' needs a count of zero or more.");
        }

        var extras = CollectedFamily.Extras(timestamp);
        Family.Add(
            Family.Labels(labelValues),
            [
                new SampleSnapshot(FamilyShape.Count, null, count, extras),
                new SampleSnapshot(FamilyShape.Sum, null, sum, extras),
                .. CollectedFamily.Created(created, timestamp),
            ]);
        return this;
    }
}
