namespace Prometheus.Distributed;

/// <summary>
/// The quantiles of a summary and the sliding window they are computed over. The quantiles are those of every
/// observation of every process writing the series within the window, read from a mergeable sketch of exponential
/// buckets stored beside the seed's data: each served quantile lies within 0.55 % (relative) of the exact quantile of
/// all those observations.
/// </summary>
public sealed class SummaryOptions
{
    /// <summary>The default <see cref="MaxAge"/>: 10 minutes, as the Go client's.</summary>
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromMinutes(10);

    /// <summary>The default <see cref="AgeBuckets"/>: 5, as the Go client's.</summary>
    public const int DefaultAgeBuckets = 5;

    /// <summary>
    /// The quantiles to serve, each greater than 0 and less than 1, distinct, at least one (e.g. <c>[0.5, 0.9, 0.99]</c>).
    /// Served as <c>{quantile="0.99"}</c> samples beside <c>_count</c> and <c>_sum</c>, in increasing order.
    /// </summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];

    /// <summary>
    /// How far back the quantiles look (positive, in whole milliseconds; default 10 minutes). Observations older than
    /// this never count; with no observation in it, the quantiles are <c>NaN</c>, as in the Go client. <c>_count</c> and
    /// <c>_sum</c> count every observation ever made, as before.
    /// </summary>
    public TimeSpan MaxAge { get; init; } = DefaultMaxAge;

    /// <summary>
    /// How many slots the window is cut into, at least 1 (default 5): the window moves one slot of
    /// <c>MaxAge / AgeBuckets</c> (at least 1 ms) at a time, so it covers between <c>MaxAge - MaxAge / AgeBuckets</c>
    /// and <c>MaxAge</c> of observations. Slots are aligned to the wall clock, so every process moves the same slot.
    /// </summary>
    public int AgeBuckets { get; init; } = DefaultAgeBuckets;
}
