using System.Text;

namespace Prometheus.Distributed.Exposition;

/// <summary>Which seed suffixes each type stores, in output order, and the type of a family stored without metadata.</summary>
internal static class FamilyShape
{
    /// <summary>The <c>_created</c> suffix: a unix time in seconds, written in OpenMetrics only.</summary>
    public const string Created = "_created";

    /// <summary>The histogram bucket suffix; its samples carry an <c>le</c> label.</summary>
    public const string Bucket = "_bucket";

    /// <summary>A counter's value suffix.</summary>
    public const string Total = "_total";

    /// <summary>A summary's or histogram's observation count suffix.</summary>
    public const string Count = "_count";

    /// <summary>A summary's or histogram's observation sum suffix.</summary>
    public const string Sum = "_sum";

    /// <summary>An info family's one sample suffix.</summary>
    public const string Info = "_info";

    /// <summary>A gauge histogram's observation count suffix.</summary>
    public const string GaugeCount = "_gcount";

    /// <summary>A gauge histogram's observation sum suffix.</summary>
    public const string GaugeSum = "_gsum";

    /// <summary>The label of a histogram bucket's upper bound.</summary>
    public const string Le = "le";

    /// <summary>
    /// Every suffix a sample can carry, by the id a <see cref="TableSample"/> holds: the empty one of a gauge first. A
    /// stored field with any other is not the seed's layout.
    /// </summary>
    public static readonly string[] Suffixes = [string.Empty, Total, Created, Bucket, Count, Sum, Info, GaugeCount, GaugeSum];

    private static readonly string[] CounterSuffixes = [Total, Created];
    private static readonly string[] GaugeSuffixes = [string.Empty];
    private static readonly string[] SummarySuffixes = [Count, Sum, Created];
    private static readonly string[] HistogramSuffixes = [Bucket, Count, Sum, Created];
    private static readonly string[] InfoSuffixes = [Info];
    private static readonly string[] GaugeHistogramSuffixes = [Bucket, GaugeCount, GaugeSum];

    /// <summary>The family name of a metric declared as <paramref name="name"/>: without a trailing <paramref name="suffix"/>.</summary>
    public static string TrimSuffix(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) ? name[..^suffix.Length] : name;

    /// <summary>Every sample name a family of <paramref name="type"/> named <paramref name="name"/> writes, and its own name.</summary>
    public static string[] ClaimedNames(string name, MetricType type) =>
        [name, .. SuffixesOf(type).Select(suffix => name + suffix)];

    /// <summary>The suffixes a family of <paramref name="type"/> stores, in output order; empty for unknown.</summary>
    public static IReadOnlyList<string> SuffixesOf(MetricType type) => type switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Gauge => GaugeSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Histogram => HistogramSuffixes,
        MetricType.Info => InfoSuffixes,
        MetricType.StateSet => GaugeSuffixes,
        MetricType.GaugeHistogram => GaugeHistogramSuffixes,
        _ => [],
    };

    /// <summary>The id in <see cref="Suffixes"/> of a suffix held as UTF-8; -1 for any other.</summary>
    public static int SuffixId(ReadOnlySpan<byte> suffix)
    {
        for (var i = 0; i < Suffixes.Length; i++)
        {
            if (Ascii.Equals(suffix, Suffixes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The id in <see cref="Suffixes"/> of <paramref name="suffix"/>; -1 for any other.</summary>
    public static int SuffixId(ReadOnlySpan<char> suffix)
    {
        for (var i = 0; i < Suffixes.Length; i++)
        {
            if (suffix.SequenceEqual(Suffixes[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Infers the type from the distinct suffixes present: <c>_bucket</c> means histogram, <c>_count</c>/<c>_sum</c>
    /// summary, <c>_total</c> counter, the empty suffix gauge, each with only its own suffixes (and <c>_created</c>);
    /// anything else is unknown.
    /// </summary>
    public static MetricType Infer(IReadOnlySet<string> suffixes)
    {
        var candidate = suffixes.Contains(Bucket) ? MetricType.Histogram
            : suffixes.Contains(Count) || suffixes.Contains(Sum) ? MetricType.Summary
            : suffixes.Contains(Total) ? MetricType.Counter
            : suffixes.Contains(string.Empty) ? MetricType.Gauge
            : MetricType.Unknown;
        return candidate != MetricType.Unknown && suffixes.IsSubsetOf(SuffixesOf(candidate)) ? candidate : MetricType.Unknown;
    }
}
