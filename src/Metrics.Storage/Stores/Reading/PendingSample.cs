using System.Buffers;

using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>A sample while its series is being assembled, with the keys that put it in output order.</summary>
/// <param name="Series">The series it belongs to (its id in <see cref="FamilySeriesIndex.Series"/>).</param>
/// <param name="Rank">The position of its suffix in the family type's suffix order.</param>
/// <param name="Bound">A bucket's numeric upper bound; zero for other samples.</param>
/// <param name="Sequence">Its position in the stored family, so equal keys keep stored order.</param>
/// <param name="Sample">The sample to write.</param>
internal readonly record struct PendingSample(int Series, int Rank, double Bound, int Sequence, SampleSnapshot Sample)
{
    // Up to this many samples (a series holds a few: 2 for a counter, 15 for a default histogram) are sorted by
    // insertion, without the general sort's set-up and a delegate call per comparison.
    private const int InsertionSortLimit = 32;

    /// <summary>
    /// The samples grouped by series (series 0 first), each group in the order given, in an array rented from the shared
    /// pool (with some 10k series it would be a large object): series <c>s</c> holds <c>grouped[starts[s]..starts[s + 1]]</c>.
    /// Give both back with <see cref="ReturnGrouped"/>.
    /// </summary>
    public static PendingSample[] GroupBySeries(ReadOnlySpan<PendingSample> samples, int seriesCount, out int[] starts)
    {
        starts = ArrayPool<int>.Shared.Rent(seriesCount + 1);
        var next = ArrayPool<int>.Shared.Rent(seriesCount);
        try
        {
            starts.AsSpan(0, seriesCount + 1).Clear();
            foreach (var sample in samples)
            {
                starts[sample.Series + 1]++;
            }

            for (var s = 0; s < seriesCount; s++)
            {
                starts[s + 1] += starts[s];
            }

            starts.AsSpan(0, seriesCount).CopyTo(next);
            var grouped = ArrayPool<PendingSample>.Shared.Rent(Math.Max(samples.Length, 1));
            foreach (var sample in samples)
            {
                grouped[next[sample.Series]++] = sample;
            }

            return grouped;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
        }
    }

    /// <summary>Gives back what <see cref="GroupBySeries"/> returned, keeping no sample alive in the pool.</summary>
    public static void ReturnGrouped(PendingSample[] grouped, int[] starts)
    {
        ArgumentNullException.ThrowIfNull(grouped);
        ArgumentNullException.ThrowIfNull(starts);
        ArrayPool<PendingSample>.Shared.Return(grouped, clearArray: true);
        ArrayPool<int>.Shared.Return(starts);
    }

    /// <summary>Sorts one series' samples into output order (<see cref="Compare"/>).</summary>
    public static void Sort(Span<PendingSample> samples)
    {
        if (samples.Length > InsertionSortLimit)
        {
            samples.Sort(Compare);
            return;
        }

        for (var i = 1; i < samples.Length; i++)
        {
            var item = samples[i];
            var j = i - 1;
            while (j >= 0 && Compare(samples[j], item) > 0)
            {
                samples[j + 1] = samples[j];
                j--;
            }

            samples[j + 1] = item;
        }
    }

    /// <summary>Output order: suffix rank, then numeric bound, then the stored <c>le</c> text, then stored order.</summary>
    public static int Compare(PendingSample x, PendingSample y)
    {
        var order = x.Rank.CompareTo(y.Rank);
        if (order == 0)
        {
            order = x.Bound.CompareTo(y.Bound);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(x.Sample.Bound, y.Sample.Bound);
        }

        return order == 0 ? x.Sequence.CompareTo(y.Sequence) : order;
    }
}
