using System.Numerics;
using System.Runtime.InteropServices;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// A count incremented lock-free by many threads. Uncontended it is one word updated with one compare-and-swap;
/// the first time a swap fails because another thread got there first, it spreads over one cache line per
/// processor (as Java's LongAdder does), so threads on different cores stop fighting over one line.
/// The spread costs one allocation per contended series, once.
/// </summary>
internal struct StripedCount
{
    private static readonly int StripeCount = (int)BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount);
    private long count;
    private Stripe[]? stripes;

    /// <summary>Adds one.</summary>
    public void Increment()
    {
        var spread = Volatile.Read(ref stripes);
        if (spread is null)
        {
            var current = Volatile.Read(ref count);
            if (Interlocked.CompareExchange(ref count, current + 1, current) == current)
            {
                return;
            }

            spread = Spread();
        }

        Interlocked.Increment(ref spread[Thread.GetCurrentProcessorId() & (spread.Length - 1)].Count);
    }

    /// <summary>Returns the count and resets it to zero (increments racing with it land in the next take).</summary>
    public long Take()
    {
        var taken = Interlocked.Exchange(ref count, 0);
        var spread = Volatile.Read(ref stripes);
        if (spread is not null)
        {
            for (var i = 0; i < spread.Length; i++)
            {
                taken += Interlocked.Exchange(ref spread[i].Count, 0);
            }
        }

        return taken;
    }

    private Stripe[] Spread()
    {
        Interlocked.CompareExchange(ref stripes, new Stripe[StripeCount], null);
        return stripes!;
    }

    /// <summary>One count alone on its cache line (128 bytes also keeps adjacent-line prefetching apart).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Stripe
    {
        [FieldOffset(64)]
        public long Count;
    }
}
