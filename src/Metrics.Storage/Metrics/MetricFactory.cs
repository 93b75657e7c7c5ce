using Prometheus.Distributed.Labels;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// Validates declarations and registers the families; <paramref name="exemplars"/> false makes counters and histograms
/// never capture exemplars.
/// </summary>
internal sealed class MetricFactory(MetricRegistry registry, int maxSeriesPerMetric, bool exemplars = true) : IMetricFactory
{
    private const string TotalSuffix = "_total";

    /// <inheritdoc />
    public ICounter CreateCounter(string name, string help, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name);
        var family = name.EndsWith(TotalSuffix, StringComparison.Ordinal) ? name[..^TotalSuffix.Length] : name;
        if (family.Length == 0)
        {
            throw new ArgumentException($"Metric name '{name}' is invalid: a counter needs a name before '_total'.", nameof(name));
        }

        var metadata = Declare(MetricType.Counter, family, help, labelNames, [], []);
        return registry.GetOrAdd(metadata, m => new Counter(m, maxSeriesPerMetric, exemplars));
    }

    /// <inheritdoc />
    public IGauge CreateGauge(string name, string help, params string[] labelNames) =>
        CreateGauge(name, help, GaugeMode.MostRecent, labelNames);

    /// <inheritdoc />
    public IGauge CreateGauge(string name, string help, GaugeMode mode, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name);
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Gauge '{name}' has an unknown mode.");
        }

        var metadata = Declare(MetricType.Gauge, name, help, labelNames, [], mode.LabelsInstances() ? [GaugeModes.InstanceLabel] : [])
            with { Mode = mode };
        return registry.GetOrAdd(metadata, m => new Gauge(m, maxSeriesPerMetric));
    }

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, params string[] labelNames) =>
        CreateHistogram(name, help, [.. Histogram.DefaultBuckets], labelNames);

    /// <inheritdoc />
    public IHistogram CreateHistogram(string name, string help, double[] buckets, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name);
        ArgumentNullException.ThrowIfNull(buckets);
        var bounds = ValidateBuckets(name, buckets);
        var metadata = Declare(MetricType.Histogram, name, help, labelNames, bounds, ["le"]);
        return registry.GetOrAdd(metadata, m => new Histogram(m, maxSeriesPerMetric, exemplars));
    }

    /// <inheritdoc />
    public ISummary CreateSummary(string name, string help, params string[] labelNames)
    {
        NameRules.ValidateMetricName(name);
        var metadata = Declare(MetricType.Summary, name, help, labelNames, [], ["quantile"]);
        return registry.GetOrAdd(metadata, m => new Summary(m, maxSeriesPerMetric));
    }

    private static MetricMetadata Declare(
        MetricType type, string family, string help, string[] labelNames, double[] buckets, ReadOnlySpan<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(help);
        labelNames ??= [];
        NameRules.ValidateLabelNames(family, labelNames, reserved);
        return new MetricMetadata(type, family, help, [.. labelNames], buckets);
    }

    private static double[] ValidateBuckets(string name, double[] buckets)
    {
        var bounds = buckets.Length > 0 && double.IsPositiveInfinity(buckets[^1]) ? buckets[..^1] : buckets;
        if (bounds.Length == 0)
        {
            throw new ArgumentException($"Histogram '{name}' needs at least one finite bucket bound.", nameof(buckets));
        }

        for (var i = 0; i < bounds.Length; i++)
        {
            if (!double.IsFinite(bounds[i]))
            {
                throw new ArgumentException(
                    $"Histogram '{name}' has bucket bound {bounds[i]} at position {i}: bounds must be finite (+Inf is added for you and may only be last).",
                    nameof(buckets));
            }

            if (i > 0 && bounds[i] <= bounds[i - 1])
            {
                throw new ArgumentException(
                    $"Histogram '{name}' has bucket bounds that do not strictly increase: {bounds[i - 1]} is followed by {bounds[i]} at position {i}.",
                    nameof(buckets));
            }
        }

        return [.. bounds];
    }
}
