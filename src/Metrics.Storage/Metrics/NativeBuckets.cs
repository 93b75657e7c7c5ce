using System.Runtime.CompilerServices;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// The native-histogram bucket counts of one series since the last flush. An observation reads the current
/// <see cref="NativeBucketWindow"/> and increments one of its per-thread cells: no lock, no atomic instruction, no
/// allocation. An observation
/// outside the window takes the lock and replaces the window by a wider one; when the buckets from the lowest to the
/// highest ever observed would then number more than the maximum, the schema goes down by one (each bucket merges with
/// its neighbour) until they fit, as client_golang does. The schema never goes back up. Replaced windows stay in <see cref="windows"/>, so an
/// observation that read one just before it was replaced is still taken by a later flush (they are few: each
/// replacement at least doubles the window or lowers the schema).
/// </summary>
internal sealed class NativeBuckets
{
    private const int SmallestWindow = 8;
    private readonly Lock gate = new();
    private readonly List<NativeBucketWindow> windows = [];
    private readonly int maxBuckets;
    private NativeBucketWindow current;
    private (int Low, int High)? observedPositive;
    private (int Low, int High)? observedNegative;

    /// <summary>Creates the counts at <paramref name="schema"/>, holding at most <paramref name="maxBuckets"/> buckets.</summary>
    public NativeBuckets(int schema, int maxBuckets)
    {
        this.maxBuckets = maxBuckets;
        current = NativeBucketWindow.Empty(schema);
        windows.Add(current);
    }

    /// <summary>The schema now: the one the next take reports.</summary>
    public int Schema => Volatile.Read(ref current).Schema;

    /// <summary>Counts a non-zero, non-NaN <paramref name="value"/> in its bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        var window = Volatile.Read(ref current);
        var key = NativeSchema.Key(Math.Abs(value), window.Schema);
        var (cells, start) = value > 0 ? (window.Positive, window.PositiveStart) : (window.Negative, window.NegativeStart);
        var index = key - start;
        if ((uint)index < (uint)cells.Length)
        {
            cells[index].Increment();
            return;
        }

        AddOutside(value);
    }

    /// <summary>
    /// Takes every count made since the last take into <paramref name="positive"/> and <paramref name="negative"/>, by
    /// key at the current schema (counts made at a finer one merged down); returns the schema and how many were taken.
    /// Called by the flusher only.
    /// </summary>
    public (int Schema, long Count) Take(SortedDictionary<int, long> positive, SortedDictionary<int, long> negative)
    {
        lock (gate)
        {
            var schema = current.Schema;
            long count = 0;
            foreach (var window in windows)
            {
                count += window.TakeInto(schema, positive, negative);
            }

            observedPositive = Union(observedPositive, positive.Count > 0 ? (positive.Keys.First(), positive.Keys.Last()) : null);
            observedNegative = Union(observedNegative, negative.Count > 0 ? (negative.Keys.First(), negative.Keys.Last()) : null);
            return (schema, count);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddOutside(double value)
    {
        lock (gate)
        {
            var window = current;
            var schema = window.Schema;
            var key = NativeSchema.Key(Math.Abs(value), schema);
            var positive = Union(Union(observedPositive, NativeBucketWindow.Populated(window.Positive, window.PositiveStart)), value > 0 ? (key, key) : null);
            var negative = Union(Union(observedNegative, NativeBucketWindow.Populated(window.Negative, window.NegativeStart)), value < 0 ? (key, key) : null);
            while (Length(positive) + Length(negative) > maxBuckets && schema > NativeSchema.Min)
            {
                schema--;
                positive = Halve(positive);
                negative = Halve(negative);
            }

            observedPositive = positive;
            observedNegative = negative;

            var budget = Math.Max(maxBuckets, Length(positive) + Length(negative));
            var (positiveStart, positiveLength) = Widen(positive, budget - Length(negative), value > 0);
            var (negativeStart, negativeLength) = Widen(negative, budget - positiveLength, value < 0);
            var replacement = new NativeBucketWindow(schema, positiveStart, positiveLength, negativeStart, negativeLength);
            windows.Add(replacement);
            Volatile.Write(ref current, replacement);
        }

        Add(value);
    }

    private static (int Low, int High)? Union((int Low, int High)? a, (int Low, int High)? b) =>
        a is not { } x ? b : b is not { } y ? a : (Math.Min(x.Low, y.Low), Math.Max(x.High, y.High));

    private static (int Low, int High)? Halve((int Low, int High)? run) =>
        run is { } r ? (NativeSchema.Reduce(r.Low, 1), NativeSchema.Reduce(r.High, 1)) : null;

    private static int Length((int Low, int High)? run) => run is { } r ? r.High - r.Low + 1 : 0;

    /// <summary>
    /// A window over <paramref name="run"/>, twice its length (at least <see cref="SmallestWindow"/>, at most
    /// <paramref name="room"/>) when it grows, the room extending the side it grew on (both sides when it is new).
    /// </summary>
    private static (int Start, int Length) Widen((int Low, int High)? run, int room, bool grows)
    {
        if (run is not { } r)
        {
            return (0, 0);
        }

        var needed = r.High - r.Low + 1;
        if (!grows)
        {
            return (r.Low, needed);
        }

        var length = Math.Max(needed, Math.Min(Math.Max(2 * needed, SmallestWindow), room));
        return (r.Low - ((length - needed) / 2), length);
    }
}
