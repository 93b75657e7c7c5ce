using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Reads a quantile from a summary's merged sketch (exponential buckets, as a native histogram keeps them). The exact
/// <c>q</c>-quantile of <c>n</c> observations is the one of rank <c>ceil(q·n)</c> in increasing order (the smallest
/// value with at least <c>q·n</c> observations at or below it); the estimate is the midpoint of the bucket holding that
/// rank, the value within the least relative distance of both bucket bounds, so it is within
/// <see cref="NativeSchema.RelativeError"/> of the exact quantile (0.542 % at the sketch's schema 6). Observations in
/// the zero bucket (magnitude at most its threshold, 2^-128 by default) read as 0.
/// </summary>
internal static class QuantileEstimator
{
    /// <summary>
    /// The rank, from 1, of quantile <paramref name="quantile"/> among <paramref name="count"/> observations:
    /// <c>ceil(q·n)</c>, at least 1. Computed in decimal, so that 0.07 of 100 is rank 7, not 8.
    /// </summary>
    public static long Rank(double quantile, long count) =>
        Math.Max(1, (long)Math.Ceiling((decimal)quantile * count));

    /// <summary>The estimate of <paramref name="quantile"/> of the observations <paramref name="sketch"/> holds; NaN when it holds none.</summary>
    public static double Estimate(INativeHistogram sketch, double quantile)
    {
        var count = Math.Max(0, sketch.ZeroCount) + Total(sketch.PositiveBuckets) + Total(sketch.NegativeBuckets);
        if (count == 0)
        {
            return double.NaN;
        }

        var rank = Rank(quantile, count);
        long seen = 0;
        foreach (var (key, bucket) in sketch.NegativeBuckets.Reverse())
        {
            seen += Math.Max(0, bucket);
            if (seen >= rank)
            {
                return -Midpoint(key, sketch.Schema);
            }
        }

        seen += Math.Max(0, sketch.ZeroCount);
        if (seen >= rank)
        {
            return 0;
        }

        foreach (var (key, bucket) in sketch.PositiveBuckets)
        {
            seen += Math.Max(0, bucket);
            if (seen >= rank)
            {
                return Midpoint(key, sketch.Schema);
            }
        }

        return double.NaN;
    }

    /// <summary>
    /// The value of bucket <paramref name="key"/> at <paramref name="schema"/> whose relative distance to both bounds
    /// <c>l</c> and <c>u = l·b</c> is the same, <c>(b - 1) / (b + 1)</c>: <c>2lu / (l + u) = l · 2b / (1 + b)</c>.
    /// </summary>
    private static double Midpoint(int key, int schema)
    {
        var factor = Math.Pow(2, Math.Pow(2, -schema));
        return NativeSchema.UpperBound(key - 1, schema) * (2 * factor / (1 + factor));
    }

    private static long Total(IEnumerable<KeyValuePair<int, long>> buckets)
    {
        long total = 0;
        foreach (var (_, count) in buckets)
        {
            total += Math.Max(0, count);
        }

        return total;
    }
}
