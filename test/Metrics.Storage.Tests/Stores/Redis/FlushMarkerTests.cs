using Prometheus.Distributed.Stores.Redis;

namespace Prometheus.Distributed.Tests.Stores.Redis;

public sealed class FlushMarkerTests
{
    [Fact]
    public void Markers_order_as_text_like_sequence_then_chunk()
    {
        (long Sequence, int Chunk)[] ordered =
        [
            (long.MinValue, 0), (-1, 5), (0, 0), (0, 1), (9, 0), (10, 0), (9_007_199_254_740_993, 0),
            (9_007_199_254_740_993, 2), (long.MaxValue, int.MaxValue),
        ];

        var markers = ordered.Select(m => FlushMarker.Of(m.Sequence, m.Chunk)).ToArray();

        Assert.Equal(markers, markers.Order(StringComparer.Ordinal));
        Assert.Equal(markers.Length, markers.Distinct().Count());
        Assert.All(markers, m => Assert.Equal(31, m.Length));
    }
}
