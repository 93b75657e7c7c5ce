
using Prometheus.Distributed.Stores.Reading;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class PooledIdMapTests
{
    [Fact]
    public void Finds_every_key_added_past_its_initial_capacity_and_no_other()
    {
        using var map = new PooledIdMap<string>(StringComparer.Ordinal, capacity: 2);
        for (var i = 0; i < 5_000; i++)
        {
            map.Add("series-" + i, i);
        }

        for (var i = 0; i < 5_000; i++)
        {
            Assert.True(map.TryGetValue("series-" + i, out var id));
            Assert.Equal(i, id);
        }

        Assert.False(map.TryGetValue("series-5000", out _));
    }

    [Fact]
    public void Keeps_negative_ids()
    {
        using var map = new PooledIdMap<string>(StringComparer.Ordinal, capacity: 4);
        map.Add("invalid", -1);

        Assert.True(map.TryGetValue("invalid", out var id));
        Assert.Equal(-1, id);
    }
}
