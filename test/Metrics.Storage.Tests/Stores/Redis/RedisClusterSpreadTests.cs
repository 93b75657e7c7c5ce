using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

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

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Large_family_is_read_from_a_copy_in_its_own_slot(bool hashTaggedPrefix)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = hashTaggedPrefix ? "{" + NewPrefix() + "}" : NewPrefix();
        await using var store = NewStore(configuration, prefix);

        // Every hash of more than one field counts as large: each family's copy must land in its family's slot.
        await using var paged = NewStore(configuration, prefix, pagedReadFields: 1);
        var counters = CounterFamilies();
        await store.ApplyAsync(
            Batch("a", 1, [.. counters.Select(c => new FamilyWrite(c, [Add("_total", Labels, 1), Add("_total", "{\"kind\":\"b\"}", 2)])), Observations(Histogram("latency", [0.1, 1]), 3, 0.5)]),
            Ct);

        var whole = await store.ReadAsync(Ct);
        var fromCopies = await paged.ReadAsync(Ct);

        Assert.Equal(Families + 1, fromCopies.Count);
        Assert.All(whole, family => Assert.Equal(Fields(whole, family.Name), Fields(fromCopies, family.Name)));
        await Eventually.HoldsAsync(
            async () => (await CountPerMasterAsync(prefix + "_*:dm:snapshot:*")).Sum() == 0, Patience, "every copy deleted after its read");
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

    [Fact]
    public async Task Slot_migration_of_a_busy_family_during_traffic_keeps_totals_exact()
    {
        var cluster = fixture.Cluster;
        var prefix = NewPrefix();
        await using var first = NewStore(cluster.Configuration, prefix, maxWritesPerScript: 7);
        await using var second = NewStore(cluster.Configuration, prefix, maxWritesPerScript: 7);
        var slot = RedisHashSlot.Of(prefix + "_busy");
        var source = await cluster.MasterOfAsync(slot);
        var target = cluster.Alive.First(n => n != source);

        var expected = await ClusterTraffic.AroundAsync(
            [new(first, "a", TrafficBatch), new(second, "b", TrafficBatch)], 5, Patience, () => cluster.MoveSlotAsync(slot, target));

        var read = await first.ReadAsync(Ct);
        Assert.Same(target, await cluster.MasterOfAsync(slot));
        Assert.Equal(expected, Fields(read, "busy")["_total:" + Labels]);
        Assert.All(CounterFamilies(), c => Assert.Equal(expected, Fields(read, c.Name)["_total:" + Labels]));
        var latency = Fields(read, "latency");
        Assert.Equal(expected, latency["_count:{\"s\":\"1\"}"]);
        Assert.Empty(TornSeries(latency));
    }

    [Fact]
    public async Task Flush_no_replica_acknowledged_fails_and_its_retry_counts_once()
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = NewPrefix();
        await using var store = new RedisMetricStore(new RedisStoreSettings
        {
            Configuration = configuration,
            Prefix = prefix,
            WaitForReplicas = 1,
            ReplicaWaitTimeout = TimeSpan.FromMilliseconds(50),
            ScanInterval = TimeSpan.Zero,
        });
        var batch = Batch("a", 1, [.. CounterFamilies().Select(c => new FamilyWrite(c, [Add("_total", Labels, 1)]))]);

        var error = await Assert.ThrowsAsync<ReplicationTimeoutException>(() => store.ApplyAsync(batch, Ct));
        await Assert.ThrowsAsync<ReplicationTimeoutException>(() => store.ApplyAsync(batch, Ct));

        Assert.Contains("0 of the 1 replicas required (RedisWaitForReplicas)", error.Message, StringComparison.Ordinal);
        var read = await store.ReadAsync(Ct);
        Assert.All(CounterFamilies(), c => Assert.Equal(1, Fields(read, c.Name)["_total:" + Labels]));
    }

    /// <summary>
    /// One instance's batch: the busy counter, the 30 counters and two histogram series, each grown by one, so every
    /// total equals the number of batches applied.
    /// </summary>
    internal static FlushBatch TrafficBatch(string instance, long sequence) =>
        new(instance, sequence, [
            new FamilyWrite(Counter("busy", "kind"), [Add("_total", Labels, 1)]),
            .. CounterFamilies().Select(c => new FamilyWrite(c, [Add("_total", Labels, 1)])),
            Observations(Histogram("latency", [0.1, 1]), 2, 0.5),
        ]);

    internal static MetricMetadata[] CounterFamilies() =>
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
