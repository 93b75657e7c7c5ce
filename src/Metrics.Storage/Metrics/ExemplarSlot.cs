using System.Diagnostics;
using System.Runtime.CompilerServices;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Metrics;

/// <summary>
/// Holds at most one exemplar of a series (or of one histogram bucket) until the next flush: the trace and span id of
/// the sampled <see cref="Activity.Current"/> of an update, its value and time. The first update that finds the slot
/// empty claims it with one compare-and-swap and fills it; every other update skips at the cost of one read, so a
/// capture never waits and never tears (the flusher reads only a slot marked full, and empties it after). Holds the id
/// structs, never the <see cref="Activity"/>, and allocates nothing.
/// </summary>
internal struct ExemplarSlot
{
    private const int Empty = 0;
    private const int Writing = 1;
    private const int Full = 2;
    private const int Off = 3;

    private int state;
    private ActivityTraceId traceId;
    private ActivitySpanId spanId;
    private double value;
    private long unixMilliseconds;

    /// <summary>Turns capture off for good (the <c>Exemplars</c> option is false): every offer then skips at once.</summary>
    public void Disable() => state = Off;

    /// <summary>True when the slot holds a complete exemplar.</summary>
    public readonly bool IsFull => Volatile.Read(in state) == Full;

    /// <summary>
    /// Captures <paramref name="observed"/> with the current activity's ids when the slot is empty and the current
    /// activity is recorded (sampled); otherwise does nothing. Until the process has seen an activity at all
    /// (<see cref="ActivitySeen"/>) that costs one static read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(double observed)
    {
        if (ActivitySeen.Yes && Volatile.Read(ref state) == Empty)
        {
            Capture(observed);
        }
    }

    /// <summary>The captured exemplar, emptying the slot; null when none is complete. Called by the flusher only.</summary>
    public ExemplarWrite? Take()
    {
        if (Volatile.Read(ref state) != Full)
        {
            return null;
        }

        var taken = new ExemplarWrite(traceId, spanId, value, unixMilliseconds);
        Volatile.Write(ref state, Empty);
        return taken;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Capture(double observed)
    {
        var activity = Activity.Current;
        if (activity is null
            || !activity.Recorded
            || activity.IdFormat != ActivityIdFormat.W3C
            || !double.IsFinite(observed)
            || Interlocked.CompareExchange(ref state, Writing, Empty) != Empty)
        {
            return;
        }

        traceId = activity.TraceId;
        spanId = activity.SpanId;
        value = observed;
        unixMilliseconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Volatile.Write(ref state, Full);
    }
}
