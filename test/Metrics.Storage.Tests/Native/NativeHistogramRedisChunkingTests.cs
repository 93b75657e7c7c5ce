using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>A flush of more native-histogram writes than one Redis script takes is split between series, never inside one.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class NativeHistogramRedisChunkingTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Native_series_spread_over_many_scripts_each_arrive_whole_and_exact()
    {
        var endPoint = redis.Require().EndPoint;
        var prefix = NewPrefix();
        await using var observer = NewStore(endPoint, prefix);
        await using (var metrics = DistributedMetrics.Create(new DistributedMetricsOptions { Redis = endPoint, Prefix = prefix }, NewStore(endPoint, prefix, maxWritesPerScript: 30)))
        {
            var histogram = metrics.CreateHistogram("payload_bytes", "Payload.", new NativeHistogramOptions(), "path");
            for (var series = 0; series < 40; series++)
            {
                for (var value = 1; value <= 20; value++)
                {
                    histogram.WithLabels("/p" + series).Observe(value * 100);
                }
            }

            await metrics.FlushAsync(TestContext.Current.CancellationToken);
        }

        var family = Assert.Single(await observer.ReadAsync(TestContext.Current.CancellationToken), f => f.Name == "payload_bytes");
        Assert.Equal(40, family.NativeSeries.Count);
        var expected = Enumerable.Range(1, 20).GroupBy(v => NativeSchema.Key(v * 100, 3)).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.All(family.NativeSeries, s =>
        {
            Assert.Equal(20, s.Count);
            Assert.Equal(expected, s.Positive);
        });
    }
}
