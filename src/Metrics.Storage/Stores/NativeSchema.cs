using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Stores;

/// <summary>
/// The bucket arithmetic of Prometheus native histograms. At schema <c>s</c> (-4 to 8) every bucket's upper bound is
/// the previous one's times <c>2^(2^-s)</c>, 1 is a bound, and bucket <c>k</c> holds the values in
/// <c>(2^((k-1)·2^-s), 2^(k·2^-s)]</c>. Lowering the schema by one merges buckets <c>2j-1</c> and <c>2j</c> into
/// bucket <c>j</c>, so counts by key add up exactly at any lower schema.
/// </summary>
internal static class NativeSchema
{
    /// <summary>The finest schema Prometheus knows: 256 buckets per power of two.</summary>
    public const int Max = 8;

    /// <summary>The coarsest schema Prometheus knows: one bucket per 16 powers of two.</summary>
    public const int Min = -4;

    private const int MantissaBits = 52;
    private const long MantissaMask = (1L << MantissaBits) - 1;

    // Per positive schema s: the 2^s bounds of the fractions in [0.5, 1) (bound i is 2^(i/2^s) / 2), then 1.
    private static readonly double[][] FractionBounds = new double[Max + 1][];

    // Per positive schema s: for each of 2^(s+1) equal cells of [0.5, 1), the first bound at or above the cell's
    // start. A cell is narrower than any bucket, so a fraction's bucket is that one or the next.
    private static readonly int[][] CellStarts = new int[Max + 1][];

    static NativeSchema()
    {
        for (var schema = 1; schema <= Max; schema++)
        {
            var count = 1 << schema;
            var bounds = new double[count + 1];
            for (var i = 0; i < count; i++)
            {
                bounds[i] = Math.Pow(2, (double)i / count) / 2;
            }

            bounds[count] = 1;
            var cells = new int[count * 2];
            var bound = 0;
            for (var cell = 0; cell < cells.Length; cell++)
            {
                var start = 0.5 + (cell / (4.0 * count));
                while (bounds[bound] < start)
                {
                    bound++;
                }

                cells[cell] = bound;
            }

            FractionBounds[schema] = bounds;
            CellStarts[schema] = cells;
        }
    }

    /// <summary>The relative error bound of a quantile at <paramref name="schema"/>: half a bucket's relative width.</summary>
    public static double RelativeError(int schema)
    {
        var factor = Math.Pow(2, Math.Pow(2, -schema));
        return (factor - 1) / (factor + 1);
    }

    /// <summary>
    /// The key of the bucket holding <paramref name="magnitude"/> (positive, finite or infinite; an infinity counts in
    /// the bucket of the largest double).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Key(double magnitude, int schema)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var biased = (int)(bits >> MantissaBits);
        if ((uint)(biased - 1) >= 0x7FE)
        {
            return KeyOfUnusual(magnitude, schema);
        }

        // magnitude = fraction · 2^exponent with fraction in [0.5, 1), as frexp gives it.
        var exponent = biased - 1022;
        var mantissa = bits & MantissaMask;
        if (schema > 0)
        {
            var cell = (int)(mantissa >> (MantissaBits - schema - 1));
            var bound = CellStarts[schema][cell];
            var fraction = BitConverter.Int64BitsToDouble(mantissa | 0x3FE0_0000_0000_0000L);
            if (fraction > FractionBounds[schema][bound])
            {
                bound++;
            }

            return bound + ((exponent - 1) << schema);
        }

        // A power of two is the upper bound of its bucket.
        var key = mantissa == 0 ? exponent - 1 : exponent;
        return (key + (1 << -schema) - 1) >> -schema;
    }

    /// <summary>The key, <paramref name="by"/> schemas lower, of the bucket holding bucket <paramref name="key"/>: <c>ceil(key / 2^by)</c>.</summary>
    public static int Reduce(int key, int by) => by == 0 ? key : ((key - 1) >> by) + 1;

    /// <summary>The upper bound of bucket <paramref name="key"/> at <paramref name="schema"/>.</summary>
    public static double UpperBound(int key, int schema) => Math.Pow(2, key * Math.Pow(2, -schema));

    /// <summary>Subnormal numbers (scaled into the normal range first) and infinities.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int KeyOfUnusual(double magnitude, int schema)
    {
        if (double.IsInfinity(magnitude))
        {
            return Key(double.MaxValue, schema);
        }

        // A subnormal times 2^64 is normal; its key is 64 powers of two (64·2^s buckets) higher.
        const int Scale = 64;
        var scaled = Math.ScaleB(magnitude, Scale);
        return schema >= 0
            ? Key(scaled, schema) - (Scale << schema)
            : Reduce(Key(scaled, 0) - Scale, -schema);
    }
}
