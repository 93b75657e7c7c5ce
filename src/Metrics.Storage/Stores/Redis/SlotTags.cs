using System.Text;

namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// For every hash slot a short hash tag (one to three letters or digits) whose slot it is, so that a bookkeeping key
/// such as <c>{prefix}:dm:{tag}:index</c> can be placed in the slot of the families a script writes. The table is
/// found once, on first use, by trying tags in order of length until every slot has one (at most 242 234 CRC16s of
/// at most three bytes, about a millisecond), and is then shared by every store of the process.
/// </summary>
internal static class SlotTags
{
    private static readonly byte[] Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();

    private static readonly Lazy<string[]> Table = new(Build);

    /// <summary>A hash tag (without braces) whose slot is <paramref name="slot"/>.</summary>
    public static string For(int slot) => Table.Value[slot];

    private static string[] Build()
    {
        var tags = new string?[RedisHashSlot.Count];
        var found = 0;
        Span<byte> tag = stackalloc byte[3];
        for (var length = 1; found < tags.Length; length++)
        {
            var candidate = tag[..length];
            var combinations = (int)Math.Pow(Alphabet.Length, length);
            for (var n = 0; n < combinations && found < tags.Length; n++)
            {
                var rest = n;
                for (var position = length - 1; position >= 0; position--)
                {
                    candidate[position] = Alphabet[rest % Alphabet.Length];
                    rest /= Alphabet.Length;
                }

                var slot = RedisHashSlot.OfBytes(candidate);
                if (tags[slot] is null)
                {
                    tags[slot] = Encoding.ASCII.GetString(candidate);
                    found++;
                }
            }
        }

        return tags!;
    }
}
