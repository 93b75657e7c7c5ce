using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>A prefix without a hash tag on a real 3-master cluster: families spread over every master.</summary>
[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterSpreadTests(RedisClusterFixture fixture)
{
    private const int Families = 30;
    private const int BatchesPerWriter = 20;
    private const string Labels = "{\"kind\":\"a\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Spread_flush_reaches_every_master_and_counts_once()
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = NewPrefix();
        await using var first = NewStore(configuration, prefix, maxWritesPerScript: 7);
        await using var second = NewStore(configuration, prefix, maxWritesPerScript: 7);
        var counters = CounterFamilies();
        var histogram = Histogram("latency", [0.1, 1]);

        FlushBatch BatchOf(string instance, int sequence) =>
            Batch(instance, sequence, [.. counters.Select(c => new FamilyWrite(c, [Add("_total", Labels, 1)])), Observations(histogram, 3, 0.5)]);

        async Task WriteAsync(RedisMetricStore store, string instance)
        {
            for (var sequence = 1; sequence <= BatchesPerWriter; sequence++)
            {
                await store.ApplyAsync(BatchOf(instance, sequence), Ct);
            }
        }

        await Task.WhenAll(WriteAsync(first, "a"), WriteAsync(second, "b"));
        await first.ApplyAsync(BatchOf("a", BatchesPerWriter), Ct);
        var read = await second.ReadAsync(Ct);

        Assert.All(counters, c => Assert.Equal(2 * BatchesPerWriter, Fields(read, c.Name)["_total:" + Labels]));
        var latency = Fields(read, "latency");
        Assert.Equal(2 * BatchesPerWriter, latency["_count:{\"s\":\"2\"}"]);
        Assert.Empty(TornSeries(latency));
        var dataKeysPerMaster = await CountPerMasterAsync(prefix + "_*");
        var bookkeepingPerMaster = await CountPerMasterAsync(prefix + ":dm:*");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Data keys per master: {string.Join(", ", dataKeysPerMaster)}; bookkeeping keys per master: {string.Join(", ", bookkeepingPerMaster)}");
        Assert.Equal(Families + 1, dataKeysPerMaster.Sum());
        Assert.All(dataKeysPerMaster, count => Assert.True(count > 0, "a master holds no family"));
        Assert.All(bookkeepingPerMaster, count => Assert.True(count > 0, "a master holds no bookkeeping"));
    }

    [Fact]
    public async Task Spread_retry_skips_the_slots_that_landed_and_applies_the_rest()
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = NewPrefix();
        await using var store = NewStore(configuration, prefix, maxWritesPerScript: 3);
        var counters = CounterFamilies();
        var keys = new RedisKeys(prefix, spread: true);
        var writes = counters.Select(c => new FamilyWrite(c, [Add("_total", Labels, 1), Add("_total", "{\"kind\":\"b\"}", 2)])).ToArray();
        var landedSlot = keys.ScriptSlot(counters[0].Name, counters[0]);

        // Only the slot of the first family reached Redis, as when the replies of the other masters were lost.
        await store.ApplyAsync(Batch("a", 1, [.. writes.Where(w => keys.ScriptSlot(w.Metadata.Name, w.Metadata) == landedSlot)]), Ct);
        await store.ApplyAsync(Batch("a", 1, writes), Ct);
        await store.ApplyAsync(Batch("a", 1, writes), Ct);

        var read = await store.ReadAsync(Ct);
        Assert.All(counters, c => Assert.Equal(1, Fields(read, c.Name)["_total:" + Labels]));
        Assert.All(counters, c => Assert.Equal(2, Fields(read, c.Name)["_total:{\"kind\":\"b\"}"]));
    }

    [Fact]
    public async Task Slots_of_the_store_agree_with_the_cluster()
    {
        fixture.RequireConfiguration();
        var keys = new RedisKeys("prometheus", spread: true);
        var node = fixture.Nodes[0];
        string[] samples =
        [
            "prometheus_http_requests", "prometheus_latency_seconds", "{shop}_orders", "prometheus:dm:instances",
            (string)keys.Index(keys.ScriptSlot("orders", null))!, (string)keys.InstanceGauge("in_flight")!,
        ];

        foreach (var key in samples)
        {
            Assert.Equal((await node.CliAsync("CLUSTER", "KEYSLOT", key)).Trim(), RedisHashSlot.Of(key).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(RedisHashSlot.Of("prometheus_orders"), RedisHashSlot.Of((string)keys.Index(keys.ScriptSlot("orders", null))!));
        Assert.Equal(RedisHashSlot.Of("prometheus:dm:instances"), RedisHashSlot.Of((string)keys.InstanceGauge("in_flight")!));
    }

    private static MetricMetadata[] CounterFamilies() =>
        [.. Enumerable.Range(0, Families).Select(i => Counter("family_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "kind"))];

    private async Task<int[]> CountPerMasterAsync(string pattern)
    {
        var counts = new int[fixture.Nodes.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            var output = await fixture.Nodes[i].CliAsync("--scan", "--pattern", pattern);
            counts[i] = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return counts;
    }
}
