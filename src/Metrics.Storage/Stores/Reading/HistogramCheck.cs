using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// Whether a histogram series can be written as one: what the exposition formats and Prometheus require of it, which a
/// foreign or partial write to the store may break.
/// </summary>
internal static class HistogramCheck
{
    private static readonly int BucketId = FamilyShape.SuffixId(FamilyShape.Bucket);
    private static readonly int CountId = FamilyShape.SuffixId(FamilyShape.Count);

    /// <summary>
    /// True when the series, in output order (buckets by increasing bound, then <c>_count</c>, <c>_sum</c>,
    /// <c>_created</c>), has buckets with distinct bounds ending at <c>+Inf</c>, whose counts are numbers that never
    /// decrease and start at zero or more, and a <c>_count</c>, when stored, equal to the <c>+Inf</c> bucket.
    /// </summary>
    public static bool IsConsistent(ReadOnlySpan<TableSample> samples, SeriesTable table)
    {
        var buckets = 0;
        var bound = double.NegativeInfinity;
        var cumulative = 0d;
        double? count = null;
        foreach (var sample in samples)
        {
            if (sample.Suffix == BucketId)
            {
                var next = table.BoundValue(sample.Bound);
                if ((buckets > 0 && next <= bound) || !(sample.Value >= cumulative))
                {
                    return false;
                }

                buckets++;
                bound = next;
                cumulative = sample.Value;
            }
            else if (sample.Suffix == CountId)
            {
                count = sample.Value;
            }
        }

        return buckets > 0 && double.IsPositiveInfinity(bound) && (count is null || count.Value == cumulative);
    }
}
