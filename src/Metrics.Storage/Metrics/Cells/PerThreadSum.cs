using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Metrics.Cells;

/// <summary>
/// A sum of doubles added by many threads without an atomic instruction: each thread adds to a cell that only it
/// writes (<see cref="ThreadCells{TArithmetic}"/>), and a take returns what the cells gained since the previous take.
/// The cells are never reset, so, as in an in-process client, they round to the precision of the running total.
/// </summary>
internal struct PerThreadSum
{
    private readonly int slot;
    private double taken;

    /// <summary>Creates a sum at zero, in a slot of its own.</summary>
    public PerThreadSum() => slot = ThreadCells<DoubleCells>.NewSlots(1);

    /// <summary>Adds <paramref name="amount"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Add(double amount) => ThreadCells<DoubleCells>.Add(slot, BitConverter.DoubleToInt64Bits(amount));

    /// <summary>
    /// Returns what was added since the previous take (0 while an infinite total stays where it was). Called by the
    /// flusher only, one collection at a time.
    /// </summary>
    public double Take()
    {
        var total = BitConverter.Int64BitsToDouble(ThreadCells<DoubleCells>.Sum(slot));
        var delta = total == taken ? 0 : total - taken;
        taken = total;
        return delta;
    }
}
