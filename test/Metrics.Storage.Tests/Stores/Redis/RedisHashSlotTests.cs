using System.Diagnostics;
using Prometheus.Distributed.Stores.Redis;

namespace Prometheus.Distributed.Tests.Stores.Redis;

public sealed class RedisHashSlotTests
{
    [Fact]
    public void Slot_is_crc16_xmodem_of_the_key_mod_16384()
    {
        // The check value of CRC16/XMODEM, and the example of the Redis Cluster specification.
        Assert.Equal(0x31C3, RedisHashSlot.Of("123456789"));
        Assert.Equal(RedisHashSlot.Of("user1000"), RedisHashSlot.Of("{user1000}.following"));
    }

    [Theory]
    [InlineData("{shop}", true)]
    [InlineData("a{shop}b", true)]
    [InlineData("prometheus", false)]
    [InlineData("{}shop", false)]
    [InlineData("shop{", false)]
    [InlineData("sh}op", false)]
    public void Only_a_non_empty_text_between_braces_is_a_hash_tag(string prefix, bool tagged)
    {
        Assert.Equal(tagged, RedisHashSlot.HasHashTag(prefix));
    }

    [Fact]
    public void An_empty_hash_tag_hashes_the_whole_key()
    {
        Assert.NotEqual(RedisHashSlot.Of("{}a"), RedisHashSlot.Of("{}b"));
        Assert.Equal(RedisHashSlot.Of("x{a}1"), RedisHashSlot.Of("y{a}2"));
    }

    [Fact]
    public void Every_slot_has_a_short_tag_whose_slot_it_is()
    {
        var clock = Stopwatch.StartNew();
        var first = SlotTags.For(0);
        TestContext.Current.TestOutputHelper?.WriteLine($"Slot tag table built in {clock.Elapsed.TotalMilliseconds:F1} ms (or earlier by another test).");

        Assert.Equal(0, RedisHashSlot.Of(first));
        for (var slot = 0; slot < RedisHashSlot.Count; slot++)
        {
            var tag = SlotTags.For(slot);
            Assert.InRange(tag.Length, 1, 3);
            Assert.Equal(slot, RedisHashSlot.Of("prometheus:dm:{" + tag + "}:index"));
        }
    }
}
