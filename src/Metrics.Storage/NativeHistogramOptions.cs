namespace Prometheus.Distributed;

/// <summary>
/// The native (exponential) buckets of a histogram: Prometheus' high-resolution histograms, whose buckets are counts by
/// index that add up exactly across processes. Scraped over Prometheus' protobuf format; the text formats show the
/// classic buckets (<see cref="ClassicBuckets"/>, or only <c>+Inf</c>), <c>_count</c> and <c>_sum</c>.
/// </summary>
public sealed class NativeHistogramOptions
{
    /// <summary>The default <see cref="ZeroThreshold"/>: 2^-128, as the Go client's.</summary>
    public const double DefaultZeroThreshold = 2.938735877055719e-39;

    /// <summary>
    /// The starting resolution, -4 to 8 (default 3): each bucket's upper bound is the previous one's times
    /// <c>2^(2^-Schema)</c>, so 3 gives 8 buckets per power of two (each about 9% wider than the one before).
    /// </summary>
    public int Schema { get; init; } = 3;

    /// <summary>
    /// The most buckets a series keeps in memory between flushes, at least 1 (default 160). When the observed values
    /// need more, the resolution halves (the schema goes down by one) until they fit, as in the Go client.
    /// </summary>
    public int MaxBucketCount { get; init; } = 160;

    /// <summary>Observations whose magnitude is at most this (finite, 0 or more) count in the zero bucket.</summary>
    public double ZeroThreshold { get; init; } = DefaultZeroThreshold;

    /// <summary>
    /// Classic buckets to keep beside the native ones (finite, strictly increasing; <c>+Inf</c> is added), as
    /// Prometheus' <c>scrape_classic_histograms</c> expects; null (the default) keeps native buckets only.
    /// </summary>
    public IReadOnlyList<double>? ClassicBuckets { get; init; }
}
