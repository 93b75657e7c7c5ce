using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// One native-histogram series as a store holds it: everything every writer added, exact at <see cref="Schema"/>, the
/// coarsest schema any of them wrote. Adding a finer write merges its buckets down first; adding a coarser one merges
/// the stored buckets down to it.
/// </summary>
/// <param name="labelsJson">The series' labels JSON, as in the seed's field names.</param>
/// <param name="schema">The schema of the stored bucket keys.</param>
internal sealed class NativeSeriesTotals(string labelsJson, int schema)
{
    /// <summary>The series' labels JSON, as in the seed's field names.</summary>
    public string LabelsJson { get; } = labelsJson;

    /// <summary>The schema of the bucket keys.</summary>
    public int Schema { get; private set; } = schema;

    /// <summary>The widest zero threshold any writer used.</summary>
    public double ZeroThreshold { get; set; }

    /// <summary>Observations in the zero bucket.</summary>
    public long ZeroCount { get; set; }

    /// <summary>Observations in all.</summary>
    public long Count { get; set; }

    /// <summary>The sum of the observations.</summary>
    public double Sum { get; set; }

    /// <summary>Counts by bucket key of positive observations.</summary>
    public SortedDictionary<int, long> Positive { get; } = [];

    /// <summary>Counts by bucket key of negative observations' magnitudes.</summary>
    public SortedDictionary<int, long> Negative { get; } = [];

    /// <summary>Adds a flush's write of this series, at the coarser of the two schemas.</summary>
    public void Add(NativeHistogramWrite write)
    {
        ReduceTo(write.Schema);
        ZeroThreshold = Math.Max(ZeroThreshold, write.ZeroThreshold);
        ZeroCount += write.ZeroCount;
        Count += write.Count;
        Sum += write.Sum;
        AddBuckets(Positive, write.Positive, write.Schema - Schema);
        AddBuckets(Negative, write.Negative, write.Schema - Schema);
    }

    /// <summary>Adds what <paramref name="other"/> holds (another slot of a sketch), at the coarser of the two schemas.</summary>
    public void Add(NativeSeriesTotals other) =>
        Add(new NativeHistogramWrite(LabelsJson, other.Schema, other.ZeroThreshold, other.ZeroCount, other.Count, other.Sum, [.. other.Positive], [.. other.Negative]));

    /// <summary>A copy a reader may keep while later writes change this one.</summary>
    public NativeSeriesTotals Clone()
    {
        var copy = new NativeSeriesTotals(LabelsJson, Schema) { ZeroThreshold = ZeroThreshold, ZeroCount = ZeroCount, Count = Count, Sum = Sum };
        AddBuckets(copy.Positive, Positive, 0);
        AddBuckets(copy.Negative, Negative, 0);
        return copy;
    }

    /// <summary>Merges the stored buckets down to <paramref name="schema"/> when it is coarser than <see cref="Schema"/>.</summary>
    public void ReduceTo(int schema)
    {
        if (schema >= Schema)
        {
            return;
        }

        var by = Schema - schema;
        Schema = schema;
        Reduce(Positive, by);
        Reduce(Negative, by);
    }

    private static void AddBuckets(SortedDictionary<int, long> buckets, IEnumerable<KeyValuePair<int, long>> added, int by)
    {
        foreach (var (key, count) in added)
        {
            var reduced = NativeSchema.Reduce(key, by);
            buckets[reduced] = buckets.GetValueOrDefault(reduced) + count;
        }
    }

    private static void Reduce(SortedDictionary<int, long> buckets, int by)
    {
        var old = buckets.ToArray();
        buckets.Clear();
        AddBuckets(buckets, old, by);
    }
}
