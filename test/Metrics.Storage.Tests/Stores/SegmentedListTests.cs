using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests.Stores;

public sealed class SegmentedListTests
{
    [Fact]
    public void Holds_items_across_segments_in_the_order_added()
    {
        var list = new SegmentedList<StoredSample>();
        for (var i = 0; i < 20_000; i++)
        {
            list.Add(new StoredSample("f" + i, i));
        }

        Assert.Equal(20_000, list.Count);
        Assert.Equal(new StoredSample("f4096", 4096), list[4096]);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (double)i), list.Select(s => s.Value));
    }

    [Fact]
    public void Refuses_an_index_past_the_end()
    {
        var list = new SegmentedList<int> { 1 };

        Assert.Throws<ArgumentOutOfRangeException>(() => list[1]);
    }
}
