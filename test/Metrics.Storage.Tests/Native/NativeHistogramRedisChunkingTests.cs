using System.Globalization;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>
/// A flush of more native-histogram writes than one Redis script takes is split between series, never inside one: a
/// series' removal and its later observations arrive together, in order.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class NativeHistogramRedisChunkingTests(RedisServerFixture redis)
{
    private const int SeriesCount = 40;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Native_series_spread_over_many_scripts_each_arrive_whole_and_exact()
    {
        var family = await FlushInSmallScriptsAsync(async (metrics, histogram) =>
        {
            ObserveEach(histogram);
            await metrics.FlushAsync(Ct);
        });

        Assert.Equal(SeriesCount, family.NativeSeries.Count);
        Assert.All(family.NativeSeries, s => AssertObservedTimes(s, 1));
    }

    [Fact]
    public async Task Removals_spread_over_many_scripts_come_before_the_series_later_observations()
    {
        var family = await FlushInSmallScriptsAsync(async (metrics, histogram) =>
        {
            ObserveEach(histogram);
            await metrics.FlushAsync(Ct);
            for (var series = 0; series < SeriesCount; series += 2)
            {
                histogram.WithLabels("/p" + series).Remove();
            }

            ObserveEach(histogram);
            await metrics.FlushAsync(Ct);
        });

        Assert.Equal(SeriesCount, family.NativeSeries.Count);
        Assert.All(family.NativeSeries, s =>
        {
            var series = int.Parse(s.LabelsJson.Split("/p")[1].TrimEnd('"', '}'), CultureInfo.InvariantCulture);
            AssertObservedTimes(s, series % 2 == 0 ? 1 : 2);
        });
    }

    /// <summary>Runs <paramref name="write"/> on a histogram whose flushes go in scripts of at most 30 writes; returns the stored family.</summary>
    private async Task<StoredFamily> FlushInSmallScriptsAsync(Func<DistributedMetrics, IHistogram, Task> write)
    {
        var endPoint = redis.Require().EndPoint;
        var prefix = NewPrefix();
        await using var observer = NewStore(endPoint, prefix);
        await using (var metrics = DistributedMetrics.Create(new DistributedMetricsOptions { Redis = endPoint, Prefix = prefix }, NewStore(endPoint, prefix, maxWritesPerScript: 30)))
        {
            await write(metrics, metrics.CreateHistogram("payload_bytes", "Payload.", new NativeHistogramOptions(), "path"));
        }

        return Assert.Single(await observer.ReadAsync(Ct), f => f.Name == "payload_bytes");
    }

    private static void ObserveEach(IHistogram histogram)
    {
        for (var series = 0; series < SeriesCount; series++)
        {
            for (var value = 1; value <= 20; value++)
            {
                histogram.WithLabels("/p" + series).Observe(value * 100);
            }
        }
    }

    private static void AssertObservedTimes(NativeSeriesTotals series, int times)
    {
        var expected = Enumerable.Range(1, 20).GroupBy(v => NativeSchema.Key(v * 100, 3)).ToDictionary(g => g.Key, g => (long)g.Count() * times);
        Assert.Equal(20 * times, series.Count);
        Assert.Equal(expected, series.Positive);
    }
}
