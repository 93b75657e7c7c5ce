namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A dense run of native-histogram bucket counts at one schema: positive buckets from key <see cref="PositiveStart"/>,
/// negative ones (by magnitude) from <see cref="NegativeStart"/>. Observations increment its cells atomically; a window
/// that was replaced keeps the counts made through it until the flusher takes them.
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
    public long[] Positive { get; } = new long[positiveLength];

    /// <summary>Counts of negative observations by the key of their magnitude minus <see cref="NegativeStart"/>.</summary>
    public long[] Negative { get; } = new long[negativeLength];

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

    private static long Take(long[] cells, int start, int by, SortedDictionary<int, long> buckets)
    {
        long total = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            if (Volatile.Read(ref cells[i]) == 0)
            {
                continue;
            }

            var count = Interlocked.Exchange(ref cells[i], 0);
            var key = NativeSchema.Reduce(start + i, by);
            buckets[key] = buckets.GetValueOrDefault(key) + count;
            total += count;
        }

        return total;
    }
}
