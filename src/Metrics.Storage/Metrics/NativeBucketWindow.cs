using Prometheus.Distributed.Metrics.Cells;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A dense run of native-histogram bucket counts at one schema: positive buckets from key <see cref="PositiveStart"/>,
/// negative ones (by magnitude) from <see cref="NegativeStart"/>. Its cells are <see cref="PerThreadCount"/>s, so an
/// observation is a plain add to a cell of the observing thread's own; a window that was replaced keeps the counts made
/// through it until the flusher takes them.
/// </summary>
/// <param name="schema">The schema of its keys.</param>
/// <param name="positiveStart">The key of <see cref="Positive"/>'s first cell.</param>
/// <param name="positiveLength">How many positive buckets it holds.</param>
/// <param name="negativeStart">The key of <see cref="Negative"/>'s first cell.</param>
/// <param name="negativeLength">How many negative buckets it holds.</param>
internal sealed class NativeBucketWindow(int schema, int positiveStart, int positiveLength, int negativeStart, int negativeLength)
{
    /// <summary>A window holding nothing, at <paramref name="schema"/>: the first observation replaces it.</summary>
    public static NativeBucketWindow Empty(int schema) => new(schema, 0, 0, 0, 0);

    /// <summary>The schema of its keys.</summary>
    public int Schema { get; } = schema;

    /// <summary>The key of <see cref="Positive"/>'s first cell.</summary>
    public int PositiveStart { get; } = positiveStart;

    /// <summary>The key of <see cref="Negative"/>'s first cell.</summary>
    public int NegativeStart { get; } = negativeStart;

    /// <summary>Counts of positive observations by key minus <see cref="PositiveStart"/>.</summary>
    public PerThreadCount[] Positive { get; } = Cells(positiveLength);

    /// <summary>Counts of negative observations by the key of their magnitude minus <see cref="NegativeStart"/>.</summary>
    public PerThreadCount[] Negative { get; } = Cells(negativeLength);

    /// <summary>How many buckets it holds, both signs.</summary>
    public int Length => Positive.Length + Negative.Length;

    /// <summary>
    /// Adds what its cells gained since the last take to <paramref name="positive"/> and <paramref name="negative"/>, by
    /// key at <paramref name="schema"/> (not above its own), and resets them; returns how many it took.
    /// </summary>
    public long TakeInto(int schema, SortedDictionary<int, long> positive, SortedDictionary<int, long> negative)
    {
        var by = Schema - schema;
        return Take(Positive, PositiveStart, by, positive) + Take(Negative, NegativeStart, by, negative);
    }

    /// <summary>The keys from the lowest to the highest cell that counted since the last take; null when none did.</summary>
    public static (int Low, int High)? Populated(PerThreadCount[] cells, int start)
    {
        var low = Array.FindIndex(cells, c => c.Pending != 0);
        return low < 0 ? null : (start + low, start + Array.FindLastIndex(cells, c => c.Pending != 0));
    }

    private static PerThreadCount[] Cells(int length)
    {
        var cells = new PerThreadCount[length];
        var first = ThreadCells<IntegerCells>.NewSlots(length);
        for (var i = 0; i < length; i++)
        {
            cells[i] = new PerThreadCount(first + i);
        }

        return cells;
    }

    private static long Take(PerThreadCount[] cells, int start, int by, SortedDictionary<int, long> buckets)
    {
        long total = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            var count = cells[i].Take();
            if (count == 0)
            {
                continue;
            }

            var key = NativeSchema.Reduce(start + i, by);
            buckets[key] = buckets.GetValueOrDefault(key) + count;
            total += count;
        }

        return total;
    }
}
