using System.Buffers;

namespace Prometheus.Distributed.Stores.Reading;

/// <summary>
/// The samples of one family while its series are being assembled, in pooled arrays: a scrape of many series
/// allocates no per-series list and no large temporary array, which would cost a full garbage collection.
/// Dispose returns the arrays.
/// </summary>
/// <param name="capacity">How many samples are expected (the array grows past it).</param>
internal sealed class PendingSamples(int capacity) : IDisposable
{
    private PendingSample[] _items = ArrayPool<PendingSample>.Shared.Rent(Math.Max(capacity, 4));
    private int _count;

    /// <summary>Appends a sample.</summary>
    public void Add(PendingSample sample)
    {
        if (_count == _items.Length)
        {
            var larger = ArrayPool<PendingSample>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, _count).CopyTo(larger);
            Return(_items, _count);
            _items = larger;
        }

        _items[_count++] = sample;
    }

    /// <summary>
    /// The samples grouped by series (series 0 first), each group in the order added, in a pooled array: series
    /// <c>s</c> holds <c>grouped[starts[s]..starts[s + 1]]</c>. Give both back with <see cref="Return(PendingSample[], int[])"/>.
    /// </summary>
    public PendingSample[] GroupBySeries(int seriesCount, out int[] starts)
    {
        starts = ArrayPool<int>.Shared.Rent(seriesCount + 1);
        var next = ArrayPool<int>.Shared.Rent(seriesCount);
        try
        {
            starts.AsSpan(0, seriesCount + 1).Clear();
            foreach (var sample in _items.AsSpan(0, _count))
            {
                starts[sample.Series + 1]++;
            }

            for (var s = 0; s < seriesCount; s++)
            {
                starts[s + 1] += starts[s];
            }

            starts.AsSpan(0, seriesCount).CopyTo(next);
            var grouped = ArrayPool<PendingSample>.Shared.Rent(Math.Max(_count, 1));
            foreach (var sample in _items.AsSpan(0, _count))
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

    /// <summary>Gives back what <see cref="GroupBySeries"/> returned.</summary>
    public static void Return(PendingSample[] grouped, int[] starts)
    {
        ArgumentNullException.ThrowIfNull(grouped);
        ArgumentNullException.ThrowIfNull(starts);
        ArrayPool<PendingSample>.Shared.Return(grouped, clearArray: true);
        ArrayPool<int>.Shared.Return(starts);
    }

    /// <summary>Returns the array to the pool.</summary>
    public void Dispose()
    {
        if (_items.Length > 0)
        {
            Return(_items, _count);
            _items = [];
            _count = 0;
        }
    }

    // Only the used part holds references (label and suffix strings): clear just that, so the pool keeps nothing alive.
    private static void Return(PendingSample[] items, int count)
    {
        items.AsSpan(0, count).Clear();
        ArrayPool<PendingSample>.Shared.Return(items);
    }
}
