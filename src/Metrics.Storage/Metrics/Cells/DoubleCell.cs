namespace Prometheus.Distributed.Metrics.Cells;

/// <summary>
/// A double kept as its 64-bit pattern so it can be added to and taken lock-free: the hot path's accumulator.
/// </summary>
internal struct DoubleCell
{
    private long bits;

    /// <summary>Adds atomically.</summary>
    public void Add(double amount)
    {
        var current = Volatile.Read(ref bits);
        while (true)
        {
            var updated = BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + amount);
            var seen = Interlocked.CompareExchange(ref bits, updated, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Replaces the value.</summary>
    public void Set(double value) => Volatile.Write(ref bits, BitConverter.DoubleToInt64Bits(value));

    /// <summary>The current value.</summary>
    public readonly double Read() => BitConverter.Int64BitsToDouble(Volatile.Read(in bits));

    /// <summary>Returns the accumulated amount and resets it to zero atomically.</summary>
    public double Take() => BitConverter.Int64BitsToDouble(Interlocked.Exchange(ref bits, 0));
}
