using Prometheus.Distributed.Collectors;
using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed;

/// <summary>
/// A gauge histogram family a collector reports (a distribution that can go down, e.g. the ages of the items in a
/// queue): cumulative buckets, <c>_gcount</c> and <c>_gsum</c> per series. In the Prometheus text format it is
/// written like the Python client does: a histogram of the buckets, then gauges <c>{name}_gcount</c> and <c>{name}_gsum</c>.
/// </summary>
public sealed class GaugeHistogramFamily
{
    internal GaugeHistogramFamily(string name, string help, string[] labelNames, NameValidation validation) =>
        Family = new CollectedFamily(validation, MetricType.GaugeHistogram, name, help, labelNames, "le");

    internal CollectedFamily Family { get; }

    /// <summary>Adds a series; its <c>_gcount</c> is the count of the +Inf bucket.</summary>
    /// <param name="labelValues">One value per label name, in declared order (<c>[]</c> when there are none).</param>
    /// <param name="buckets">Cumulative buckets by increasing bound, the last one +Inf; each may carry an exemplar.</param>
    /// <param name="sum">The sum of the current values.</param>
    /// <param name="timestamp">When the values were measured; null lets the scraper use the scrape time.</param>
    /// <returns>This family, to add more series.</returns>
    /// <exception cref="ArgumentException">Wrong label values, or buckets that are not cumulative or do not end with +Inf.</exception>
    public GaugeHistogramFamily Add(
        IReadOnlyList<string> labelValues, IReadOnlyList<HistogramBucket> buckets, double sum, DateTimeOffset? timestamp = null)
    {
        var labels = Family.Labels(labelValues);
        var extras = CollectedFamily.Extras(timestamp);
        Family.Add(
            labels,
            [
                .. Family.Buckets(buckets, timestamp),
                new SampleSnapshot(FamilyShape.GaugeCount, null, buckets[^1].CumulativeCount, extras),
                new SampleSnapshot(FamilyShape.GaugeSum, null, sum, extras),
            ]);
        return this;
    }
}
