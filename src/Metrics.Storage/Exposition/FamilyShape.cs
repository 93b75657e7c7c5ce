using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Exposition;

/// <summary>Which seed suffixes each type stores, in output order, and the type of a family stored without metadata.</summary>
internal static class FamilyShape
{
    /// <summary>The <c>_created</c> suffix: a unix time in seconds, written in OpenMetrics only.</summary>
    public const string Created = "_created";

    /// <summary>The histogram bucket suffix; its samples carry an <c>le</c> label.</summary>
    public const string Bucket = "_bucket";

    private static readonly string[] CounterSuffixes = ["_total", Created];
    private static readonly string[] GaugeSuffixes = [string.Empty];
    private static readonly string[] SummarySuffixes = ["_count", "_sum", Created];
    private static readonly string[] HistogramSuffixes = [Bucket, "_count", "_sum", Created];

    /// <summary>The suffixes a family of <paramref name="type"/> stores, in output order; empty for unknown.</summary>
    public static IReadOnlyList<string> SuffixesOf(MetricType type) => type switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Gauge => GaugeSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Histogram => HistogramSuffixes,
        _ => [],
    };

    /// <summary>
    /// Infers the type from the distinct suffixes present: <c>_bucket</c> means histogram, <c>_count</c>/<c>_sum</c>
    /// summary, <c>_total</c> counter, the empty suffix gauge, each with only its own suffixes (and <c>_created</c>);
    /// anything else is unknown.
    /// </summary>
    public static MetricType Infer(IReadOnlySet<string> suffixes)
    {
        var candidate = suffixes.Contains(Bucket) ? MetricType.Histogram
            : suffixes.Contains("_count") || suffixes.Contains("_sum") ? MetricType.Summary
            : suffixes.Contains("_total") ? MetricType.Counter
            : suffixes.Contains(string.Empty) ? MetricType.Gauge
            : MetricType.Unknown;
        return candidate != MetricType.Unknown && suffixes.IsSubsetOf(SuffixesOf(candidate)) ? candidate : MetricType.Unknown;
    }
}
