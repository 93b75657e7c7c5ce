using System.Runtime.CompilerServices;

namespace Prometheus.Distributed.Metrics.Cells;

/// <summary>
/// A count incremented by many threads without an atomic instruction: each thread adds one to a cell that only it
/// writes (<see cref="ThreadCells{TArithmetic}"/>). The cells only grow; a take sums them and subtracts what the
/// previous take saw, so the flusher never writes where the hot path does, and increments racing with a take land in
/// the next one.
/// </summary>
internal struct PerThreadCount
{
    private readonly int slot;
    private long taken;

    /// <summary>Creates a count at zero, in a slot of its own.</summary>
    public PerThreadCount()
        : this(ThreadCells<IntegerCells>.NewSlots(1))
    {
    }

    /// <summary>Creates a count at zero in <paramref name="slot"/>, one of a run handed out at once.</summary>
    public PerThreadCount(int slot) => this.slot = slot;

    /// <summary>Adds one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Increment() => ThreadCells<IntegerCells>.Add(slot, 1);

    /// <summary>The increments since the previous take, without taking them (read under the same lock as <see cref="Take"/>).</summary>
    public readonly long Pending => ThreadCells<IntegerCells>.Sum(slot) - taken;

    /// <summary>Returns the increments since the previous take. Called by the flusher only, one collection at a time.</summary>
    public long Take()
    {
        var total = ThreadCells<IntegerCells>.Sum(slot);
        var delta = total - taken;
        taken = total;
        return delta;
    }
}
