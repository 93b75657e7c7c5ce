using System.Text;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// The Redis Cluster hash slot of a key: CRC16 (XMODEM) of its UTF-8 bytes mod 16 384, or of its hash tag only when it
/// has one (the text between its first <c>{</c> and the first <c>}</c> after it, when that text is not empty).
/// Computed here instead of through a multiplexer so that the layout and <see cref="SlotTags"/> need no connection.
/// </summary>
internal static class RedisHashSlot
{
    /// <summary>The number of hash slots of a cluster.</summary>
    public const int Count = 16384;

    private static readonly ushort[] Table = BuildTable();

    /// <summary>The slot of <paramref name="key"/>.</summary>
    public static int Of(string key)
    {
        var tag = HashTag(key);
        var text = tag.IsEmpty ? key.AsSpan() : tag;
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = most <= 1024 ? stackalloc byte[most] : new byte[most];
        return Crc16(bytes[..Encoding.UTF8.GetBytes(text, bytes)]) & (Count - 1);
    }

    /// <summary>The slot of a key given as bytes that hold no <c>{</c> (so no hash tag).</summary>
    public static int OfBytes(ReadOnlySpan<byte> key) => Crc16(key) & (Count - 1);

    /// <summary>True when <paramref name="key"/> has a hash tag, so every key that starts with it shares its slot.</summary>
    public static bool HasHashTag(string key) => !HashTag(key).IsEmpty;

    private static ReadOnlySpan<char> HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open < 0)
        {
            return default;
        }

        var close = key.IndexOf('}', open + 1);
        return close > open + 1 ? key.AsSpan(open + 1, close - open - 1) : default;
    }

    private static int Crc16(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc = ((crc << 8) ^ Table[((crc >> 8) ^ b) & 0xFF]) & 0xFFFF;
        }

        return crc;
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (var i = 0; i < table.Length; i++)
        {
            var crc = i << 8;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }

            table[i] = (ushort)crc;
        }

        return table;
    }
}
