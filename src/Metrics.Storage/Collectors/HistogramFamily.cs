using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>A histogram family a collector reports: cumulative buckets, <c>_count</c> and <c>_sum</c> per series.</summary>
public sealed class HistogramFamily
{
    internal HistogramFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.Histogram, name, help, labelNames, "le");

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series; its <c>_count</c> is the count of the +Inf bucket.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="buckets">Cumulative buckets by increasing bound, the last one +Inf; each may carry an exemplar.</param>
    /// <param name="sum">The sum of the observations.</param>
    /// <param name="timestamp">When the values were measured; null lets the scraper use the scrape time.</param>
    /// <param name="created">When the histogram started (the <c>_created</c> sample, OpenMetrics only).</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values, or buckets that are not cumulative or do not end with +Inf.</exception>
    public HistogramFamily Add(
        IReadOnlyList<string> labelValues,
        IReadOnlyList<HistogramBucket> buckets,
        double sum,
        DateTimeOffset? timestamp = null,
        DateTimeOffset? created = null)
    {
        var labels = Family.Labels(labelValues);
        var extras = CollectedFamily.Extras(timestamp);
        Family.Add(
            labels,
            [
                .. Family.Buckets(buckets, timestamp),
                new SampleSnapshot(FamilyShape.Count, null, buckets[^1].CumulativeCount, extras),
                new SampleSnapshot(FamilyShape.Sum, null, sum, extras),
                .. CollectedFamily.Created(created, timestamp),
            ]);
        return this;
    }
}
