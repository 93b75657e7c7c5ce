using System.Globalization;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The text recorded per instance for the last chunk applied: the sequence mapped order-preservingly onto 20
/// unsigned digits (sign bit flipped), a colon, then the chunk number on 10 digits. Being fixed-width digits, the
/// markers compare as strings exactly like (sequence, chunk) pairs, which is what the Lua script relies on
/// (Lua numbers are doubles and would lose sequences above 2^53).
/// </summary>
internal static class FlushMarker
{
    /// <summary>The marker of chunk <paramref name="chunk"/> of batch <paramref name="sequence"/>.</summary>
    public static string Of(long sequence, int chunk) =>
        ((ulong)sequence ^ 0x8000_0000_0000_0000UL).ToString("D20", CultureInfo.InvariantCulture)
        + ":" + chunk.ToString("D10", CultureInfo.InvariantCulture);
}
