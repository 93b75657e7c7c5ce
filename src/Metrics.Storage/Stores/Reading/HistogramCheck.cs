using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Whether a histogram series can be written as one: what the exposition formats and Prometheus require of it, which a
/// foreign or partial write to the store may break.
/// </summary>
internal static class HistogramCheck
{
    /// <summary>
    /// True when the series, in output order (buckets by increasing bound, then <c>_count</c>, <c>_sum</c>,
    /// <c>_created</c>), has buckets with distinct bounds ending at <c>+Inf</c>, whose counts are numbers that never
    /// decrease and start at zero or more, and a <c>_count</c>, when stored, equal to the <c>+Inf</c> bucket.
    /// </summary>
    public static bool IsConsistent(ReadOnlySpan<PendingSample> samples)
    {
        var buckets = 0;
        var bound = double.NegativeInfinity;
        var cumulative = 0d;
        double? count = null;
        foreach (var sample in samples)
        {
            if (sample.Sample.Suffix == FamilyShape.Bucket)
            {
                if ((buckets > 0 && sample.Bound <= bound) || !(sample.Sample.Value >= cumulative))
                {
                    return false;
                }

                buckets++;
                bound = sample.Bound;
                cumulative = sample.Sample.Value;
            }
            else if (sample.Sample.Suffix == FamilyShape.Count)
            {
                count = sample.Sample.Value;
            }
        }

        return buckets > 0 && double.IsPositiveInfinity(bound) && (count is null || count.Value == cumulative);
    }
}
