using System.Diagnostics;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;
using MetricMetadata = Prometheus.Distributed.Metrics.MetricMetadata;
using MetricType = Prometheus.Distributed.Metrics.MetricType;
using QuantileWindow = Prometheus.Distributed.Metrics.QuantileWindow;

namespace Prometheus.Distributed.Tests.Stores.Redis;

[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterStoreTests(RedisClusterFixture fixture)
{
    private const int BatchesPerWriter = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_stores_applying_concurrently_on_a_cluster_add_up_exactly(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = ClusterPrefix(hashTagged);
        await using var first = NewStore(configuration, prefix, maxWritesPerScript: 7);
        await using var second = NewStore(configuration, prefix, maxWritesPerScript: 7);
        var histogram = Histogram("latency", [0.1, 1]);
        var counter = Counter("orders", "kind");

        async Task WriteAsync(Prometheus.Distributed.Stores.Redis.RedisMetricStore store, string instance)
        {
            for (var sequence = 1; sequence <= BatchesPerWriter; sequence++)
            {
                await store.ApplyAsync(
                    Batch(instance, sequence, Observations(histogram, 3, 0.5), new FamilyWrite(counter, [Add("_total", "{\"kind\":\"a\"}", 1)])),
                    Ct);
            }
        }

        await Task.WhenAll(WriteAsync(first, "a"), WriteAsync(second, "b"));
        var read = await first.ReadAsync(Ct);

        Assert.Equal(2 * BatchesPerWriter, Fields(read, "orders")["_total:{\"kind\":\"a\"}"]);
        var latency = Fields(read, "latency");
        Assert.Equal(2 * BatchesPerWriter, latency["_count:{\"s\":\"2\"}"]);
        Assert.Equal(2 * BatchesPerWriter, latency["_bucket:{\"le\":\"+Inf\",\"s\":\"2\"}"]);
        Assert.NotNull(read.Single(f => f.Name == "latency").Metadata);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exemplars_stay_in_the_slot_of_their_family_on_a_cluster_and_follow_their_series_across_chunks(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = ClusterPrefix(hashTagged);
        await using var store = NewStore(configuration, prefix, maxWritesPerScript: 2);
        var exemplar = new ExemplarWrite(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), 1, 1_700_000_000_250);
        SampleWrite[] writes =
        [
            .. Enumerable.Range(0, 5).Select(i => Add("_total", $"{{\"kind\":\"{i}\"}}", 1) with { Exemplar = exemplar with { Value = i } }),
        ];

        await store.ApplyAsync(Batch("a", 1, new FamilyWrite(Counter("orders", "kind"), writes)), Ct);

        var orders = Assert.Single(await store.ReadAsync(Ct));
        Assert.Equal(5, orders.Samples.Count);
        Assert.Equal(5, orders.Exemplars!.Count);
        for (var i = 0; i < 5; i++)
        {
            var stored = orders.Exemplars[$"_total:{{\"kind\":\"{i}\"}}"];
            Assert.Equal(i, stored.Value);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250), stored.Timestamp);
            Assert.Equal(new KeyValuePair<string, string>("trace_id", exemplar.TraceId.ToHexString()), stored.Labels[0]);
            Assert.Equal(new KeyValuePair<string, string>("span_id", exemplar.SpanId.ToHexString()), stored.Labels[1]);
        }
    }

    [Fact]
    public async Task Prefix_with_a_brace_but_no_hash_tag_fails_on_a_cluster_with_advice()
    {
        var configuration = fixture.RequireConfiguration();
        await using var store = NewStore(configuration, "{" + NewPrefix());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => store.ApplyAsync(Batch("a", 1, new FamilyWrite(Counter("orders", "kind"), [Add("_total", "{}", 1)])), Ct));

        Assert.Contains("hash tag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Hash_written_by_the_seed_on_a_cluster_is_found_by_scan(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = ClusterPrefix(hashTagged);
        await using var store = NewStore(configuration, prefix);
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration);
        await redis.GetDatabase().HashIncrementAsync(prefix + "_jobs", "_total:{}", 2.0);

        var jobs = Assert.Single(await store.ReadAsync(Ct));

        Assert.Null(jobs.Metadata);
        Assert.Equal(2, Assert.Single(jobs.Samples).Value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Per_instance_gauges_and_heartbeats_stay_in_one_slot_on_a_cluster(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = ClusterPrefix(hashTagged);
        await using var store = NewStore(configuration, prefix);
        var gauge = Gauge("in_flight") with { Mode = GaugeMode.LiveSum };

        await store.HeartbeatAsync("a", TimeSpan.FromSeconds(10), Ct);
        await store.ApplyAsync(Batch("a", 1, new FamilyWrite(gauge, [new SampleWrite(":{}", WriteKind.Set, 4)])), Ct);
        var sample = Assert.Single(Assert.Single(await store.ReadAsync(Ct)).InstanceSamples!);
        await Eventually.HoldsAsync(
            async () => (await store.ReadInstancesAsync(Ct)).Single().Age > TimeSpan.FromMilliseconds(20),
            TimeSpan.FromSeconds(10),
            "Instance a's heartbeat aging past 20 ms");

        await store.HeartbeatAsync("b", TimeSpan.FromMilliseconds(20), Ct);

        Assert.Equal(("a", 4.0), (sample.InstanceId, sample.Value));
        Assert.Empty(await store.ReadAsync(Ct));
        Assert.Equal(["b"], (await store.ReadInstancesAsync(Ct)).Select(i => i.InstanceId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Quantile_sketches_stay_in_the_slot_of_their_family_on_a_cluster_and_add_up_across_chunks(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var prefix = ClusterPrefix(hashTagged);
        await using var first = NewStore(configuration, prefix, maxWritesPerScript: 7);
        await using var second = NewStore(configuration, prefix, maxWritesPerScript: 7);
        var summary = new MetricMetadata(MetricType.Summary, "latency", "Latency.", ["kind"], [])
        {
            Quantiles = [0.5, 0.99],
            Window = new QuantileWindow(600_000, 5),
        };
        var slot = summary.Window.SlotAt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        // Five series of a count and three buckets each: more than one chunk of 7 writes, each series whole in one.
        FamilyWrite Sketches() => new(summary, [.. Enumerable.Range(0, 5).Select(i => Add("_count", Labels(i), 3))])
        {
            SketchSlot = slot,
            NativeSeries = [.. Enumerable.Range(0, 5).Select(i => new NativeHistogramWrite(Labels(i), 6, 0, 0, 3, 3.1, [new(1, 1), new(2, 1), new(3, 1)], []))],
        };
        await first.ApplyAsync(Batch("a", 1, Sketches()), Ct);
        await second.ApplyAsync(Batch("b", 1, Sketches()), Ct);

        var stored = Assert.Single(await first.ReadAsync(Ct)).NativeSeries;
        Assert.Equal(5, stored.Count);
        Assert.All(stored, series => Assert.Equal(6, series.Count));
        Assert.All(stored, series => Assert.Equal([new(1, 2), new(2, 2), new(3, 2)], series.Positive));
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => SketchSlots.Key(slot, Labels(i))).Order(StringComparer.Ordinal),
            stored.Select(series => series.LabelsJson).Order(StringComparer.Ordinal));
    }

    private static string Labels(int kind) => $"{{\"kind\":\"{kind}\"}}";

    private static string ClusterPrefix(bool hashTagged) => hashTagged ? "{" + NewPrefix() + "}" : NewPrefix();
}
