namespace Prometheus.Distributed.Metrics;

/// <summary>
/// The sliding window of a summary's quantiles, cut into <see cref="AgeBuckets"/> slots of wall-clock time. Slot
/// <c>n</c> covers unix times <c>[n·w, (n+1)·w)</c> milliseconds for a width <c>w = MaxAge / AgeBuckets</c>, so every
/// process, with its clock in sync, writes and reads the same slots. At a time in slot <c>S</c> the window is the
/// slots from <c>S - AgeBuckets + 1</c> on; a slot written by a writer whose clock is ahead counts too. A slot is kept
/// one slot longer than it counts (see <see cref="ExpiresAtMilliseconds"/>), so a reader whose clock is behind finds it.
/// </summary>
/// <param name="MaxAgeMilliseconds">How far back the window looks, in milliseconds (at least <paramref name="AgeBuckets"/>).</param>
/// <param name="AgeBuckets">How many slots it holds, at least 1.</param>
internal sealed record QuantileWindow(long MaxAgeMilliseconds, int AgeBuckets)
{
    /// <summary>The width of one slot, in milliseconds.</summary>
    public double SlotMilliseconds => (double)MaxAgeMilliseconds / AgeBuckets;

    /// <summary>The slot holding unix time <paramref name="unixMilliseconds"/>.</summary>
    public long SlotAt(long unixMilliseconds) => (long)Math.Floor(unixMilliseconds / SlotMilliseconds);

    /// <summary>True when <paramref name="slot"/> counts at unix time <paramref name="nowMilliseconds"/>.</summary>
    public bool IsLive(long slot, long nowMilliseconds) => slot > SlotAt(nowMilliseconds) - AgeBuckets;

    /// <summary>The oldest slot a store keeps once <paramref name="slot"/> is written: the window's first one and the one before.</summary>
    public long OldestKept(long slot) => slot - AgeBuckets;

    /// <summary>When the store may drop <paramref name="slot"/>, in unix milliseconds: one slot after it stops counting.</summary>
    public long ExpiresAtMilliseconds(long slot) => (long)Math.Ceiling((slot + AgeBuckets + 1) * SlotMilliseconds);

    /// <summary>The window of <paramref name="options"/>.</summary>
    public static QuantileWindow Of(SummaryOptions options) =>
        new((long)options.MaxAge.TotalMilliseconds, options.AgeBuckets);
}
