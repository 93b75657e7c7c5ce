namespace Prometheus.Distributed.Stores.Redis;

/// <summary>
/// For every hash slot a short hash tag (one to three letters or digits) whose slot it is, so that a bookkeeping key
/// such as <c>{prefix}:dm:{tag}:index</c> can be placed in the slot of the families a script writes. The table is
/// found once, on first use, by trying tags in order of length until every slot has one (about 240 000 CRC16s of at
/// most three bytes, a few milliseconds), and is then shared by every store of the process.
/// </summary>
internal static class SlotTags
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static readonly Lazy<string[]> Table = new(Build);

    /// <summary>A hash tag (without braces) whose slot is <paramref name="slot"/>.</summary>
    public static string For(int slot) => Table.Value[slot];

    private static string[] Build()
    {
        var tags = new string[RedisHashSlot.Count];
        var found = 0;
        var candidates = new List<string> { string.Empty };
        while (found < tags.Length)
        {
            var longer = new List<string>(candidates.Count * Alphabet.Length);
            foreach (var start in candidates)
            {
                foreach (var letter in Alphabet)
                {
                    var tag = start + letter;
                    longer.Add(tag);
                    var slot = RedisHashSlot.Of(tag);
                    if (tags[slot] is null)
                    {
                        tags[slot] = tag;
                        found++;
                    }
                }
            }

            candidates = longer;
        }

        return tags;
    }
}
