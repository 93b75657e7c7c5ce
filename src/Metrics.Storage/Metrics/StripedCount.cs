using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A count incremented lock-free by many threads. Uncontended it is one word updated with one compare-and-swap;
/// the first time a swap fails because another incrementing thread got there first, it spreads over one cache line
/// per processor (as Java's LongAdder does), so threads on different cores stop fighting over one line.
/// The spread costs one allocation per contended series, once. The counts only grow: a take reads them and
/// subtracts what the previous take saw, so the flusher never writes to the lines the hot path updates, and it
/// can never make an increment's swap fail (which would spread a series no two threads ever shared).
/// </summary>
internal struct StripedCount
{
    private static readonly int StripeCount = (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);
    private long count;
    private Stripe[]? stripes;
    private long taken;

    /// <summary>Adds one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment()
    {
        if (Volatile.Read(ref stripes) is null)
        {
            var current = Volatile.Read(ref count);
            if (Interlocked.CompareExchange(ref count, current + 1, current) == current)
            {
                return;
            }
        }

        IncrementSpread();
    }

    /// <summary>
    /// Returns the increments since the previous take (increments racing with it land in the next one). Called by
    /// the flusher only, one collection at a time.
    /// </summary>
    public long Take()
    {
        var total = Volatile.Read(ref count);
        var spread = Volatile.Read(ref stripes);
        if (spread is not null)
        {
            for (var i = 0; i < spread.Length; i++)
            {
                total += Volatile.Read(ref spread[i].Count);
            }
        }

        var delta = total - taken;
        taken = total;
        return delta;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void IncrementSpread()
    {
        var spread = Volatile.Read(ref stripes);
        if (spread is null)
        {
            Interlocked.CompareExchange(ref stripes, new Stripe[StripeCount], null);
            spread = stripes!;
        }

        Interlocked.Increment(ref spread[Thread.GetCurrentProcessorId() & (spread.Length - 1)].Count);
    }

    /// <summary>One count alone on its cache line (128 bytes also keeps adjacent-line prefetching apart).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Stripe
    {
        [FieldOffset(64)]
        public long Count;
    }
}
