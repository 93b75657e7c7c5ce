using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Testing.Servers;
using Prometheus.Distributed.Tests.Instances;
using static Prometheus.Distributed.Tests.Instances.SharedStore;

namespace Prometheus.Distributed.Tests.Lifecycle;

/// <summary><c>series.Remove()</c> and <c>metric.Clear()</c> against every store, with two instances sharing it.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class SeriesRemovalTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> StoreKinds() => [.. Kinds];

    /// <summary>An instance id, and no scrape cache: these tests scrape again right after each flush.</summary>
    private static void Instance(DistributedMetricsOptions options, string id)
    {
        options.InstanceId = id;
        options.ScrapeCacheDuration = TimeSpan.Zero;
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Removed_series_disappears_from_every_instance_scrape(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var b = shared.Open(o => Instance(o, "b"));
        var ordersA = a.CreateCounter("orders_total", "Orders.", "country");
        var ordersB = b.CreateCounter("orders_total", "Orders.", "country");
        ordersA.WithLabels("fr").Inc(2);
        ordersB.WithLabels("fr").Inc(3);
        ordersB.WithLabels("de").Inc();
        await a.FlushAsync(Ct);
        await b.FlushAsync(Ct);

        ordersA.WithLabels("fr").Remove();
        await a.FlushAsync(Ct);

        Assert.Equal(["orders_total{country=\"de\"} 1"], await SamplesAsync(a, "orders_total"));
        Assert.Equal(["orders_total{country=\"de\"} 1"], await SamplesAsync(b, "orders_total"));
        var stored = (await shared.Observer.ReadAsync(Ct)).Single(f => f.Name == "orders");
        Assert.DoesNotContain(stored.Samples, s => s.Subkey.Contains("fr", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Writes_after_remove_in_the_same_interval_recreate_the_series_from_zero(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var fr = a.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr");
        fr.Inc(5);
        await a.FlushAsync(Ct);

        fr.Inc(3);
        fr.Remove();
        fr.Inc(2);
        await a.FlushAsync(Ct);

        Assert.Equal(["orders_total{country=\"fr\"} 2"], await SamplesAsync(a, "orders_total"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Removed_series_stays_gone_until_written_again(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var fr = a.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr");
        fr.Inc();
        await a.FlushAsync(Ct);

        fr.Remove();
        await a.FlushAsync(Ct);
        await a.FlushAsync(Ct);
        Assert.Empty(await SamplesAsync(a, "orders_total"));

        fr.Inc();
        await a.FlushAsync(Ct);
        Assert.Equal(["orders_total{country=\"fr\"} 1"], await SamplesAsync(a, "orders_total"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Another_instance_that_keeps_writing_brings_the_series_back_with_its_later_deltas(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var b = shared.Open(o => Instance(o, "b"));
        var frA = a.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr");
        var frB = b.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr");
        frA.Inc(5);
        frB.Inc(3);
        await a.FlushAsync(Ct);
        await b.FlushAsync(Ct);

        frA.Remove();
        await a.FlushAsync(Ct);
        Assert.Empty(await SamplesAsync(b, "orders_total"));

        frB.Inc(4);
        await b.FlushAsync(Ct);

        Assert.Equal(["orders_total{country=\"fr\"} 4"], await SamplesAsync(a, "orders_total"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Clear_removes_series_that_only_another_instance_wrote(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var b = shared.Open(o => Instance(o, "b"));
        var latencyB = b.CreateHistogram("job_seconds", "Job time.", [1, 2], "queue");
        latencyB.WithLabels("q1").Observe(1.5);
        latencyB.WithLabels("q2").Observe(0.5);
        await b.FlushAsync(Ct);
        var latencyA = a.CreateHistogram("job_seconds", "Job time.", [1, 2], "queue");
        latencyA.WithLabels("q3").Observe(3);

        latencyA.Clear();
        latencyA.WithLabels("q3").Observe(0.25);
        await a.FlushAsync(Ct);

        Assert.Equal(
            [
                "job_seconds_bucket{queue=\"q3\",le=\"1.0\"} 1",
                "job_seconds_bucket{queue=\"q3\",le=\"2.0\"} 1",
                "job_seconds_bucket{queue=\"q3\",le=\"+Inf\"} 1",
            ],
            await SamplesAsync(b, "job_seconds_bucket"));
        Assert.Equal(["job_seconds_count{queue=\"q3\"} 1"], await SamplesAsync(b, "job_seconds_count"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Removing_a_per_instance_gauge_series_removes_every_instance_value_until_one_changes_again(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var b = shared.Open(o => Instance(o, "b"));
        var depthA = a.CreateGauge("queue_depth", "Items waiting.", GaugeMode.LivePerInstance, "queue");
        var depthB = b.CreateGauge("queue_depth", "Items waiting.", GaugeMode.LivePerInstance, "queue");
        depthA.WithLabels("q").Set(3);
        depthA.WithLabels("other").Set(1);
        depthB.WithLabels("q").Set(5);
        await a.FlushAsync(Ct);
        await b.FlushAsync(Ct);

        depthA.WithLabels("q").Remove();
        await a.FlushAsync(Ct);
        Assert.Equal(["queue_depth{queue=\"other\",instance=\"a\"} 1"], await SamplesAsync(b, "queue_depth"));

        depthB.WithLabels("q").Inc();
        depthA.WithLabels("q").Inc();
        await b.FlushAsync(Ct);
        await a.FlushAsync(Ct);
        Assert.Equal(
            [
                "queue_depth{queue=\"other\",instance=\"a\"} 1",
                "queue_depth{queue=\"q\",instance=\"a\"} 1",
                "queue_depth{queue=\"q\",instance=\"b\"} 6",
            ],
            await SamplesAsync(a, "queue_depth"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Removing_info_and_state_set_series_removes_all_their_samples(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var build = a.CreateInfo("app_build_info", "Build.", "service");
        var breaker = a.CreateStateSet("breaker", "Breaker.", ["open", "closed"], "provider");
        build.WithLabels("checkout").Set(("version", "1"));
        build.WithLabels("billing").Set(("version", "2"));
        breaker.WithLabels("stripe").SetOnly("open");
        await a.FlushAsync(Ct);

        build.WithLabels("checkout").Set(("version", "3"));
        build.WithLabels("checkout").Remove();
        breaker.WithLabels("stripe").Remove();
        await a.FlushAsync(Ct);

        Assert.Equal(["app_build_info{service=\"billing\",version=\"2\"} 1"], await SamplesAsync(a, "app_build_info"));
        Assert.Empty(await SamplesAsync(a, "breaker"));
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task Unlabelled_metric_removes_its_one_series_and_a_labelled_one_refuses(string kind)
    {
        await using var shared = Create(kind, redis);
        var a = shared.Open(o => Instance(o, "a"));
        var jobs = a.CreateGauge("jobs_running", "Jobs.");
        jobs.Set(4);
        await a.FlushAsync(Ct);

        jobs.Remove();
        await a.FlushAsync(Ct);

        Assert.Empty(await SamplesAsync(a, "jobs_running"));
        var labelled = a.CreateSummary("job_size", "Sizes.", "queue");
        var refused = Assert.Throws<InvalidOperationException>(labelled.Remove);
        Assert.Contains("WithLabels", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StoreKinds))]
    public async Task A_retried_removal_batch_is_applied_once(string kind)
    {
        await using var shared = Create(kind, redis);
        var store = shared.Observer;
        var metadata = new MetricMetadata(MetricType.Counter, "orders", "Orders.", ["country"], []);
        var field = "_total:{\"country\":\"fr\"}";
        var removal = new FlushBatch("w", 2, [new FamilyWrite(metadata, [new SampleWrite(field, WriteKind.Remove, 0), new SampleWrite(field, WriteKind.Add, 1)])]);
        await store.ApplyAsync(new FlushBatch("w", 1, [new FamilyWrite(metadata, [new SampleWrite(field, WriteKind.Add, 5)])]), Ct);
        await store.ApplyAsync(removal, Ct);
        await store.ApplyAsync(new FlushBatch("w", 3, [new FamilyWrite(metadata, [new SampleWrite(field, WriteKind.Add, 2)])]), Ct);

        await store.ApplyAsync(removal, Ct);

        var stored = (await store.ReadAsync(Ct)).Single(f => f.Name == "orders");
        Assert.Equal(3, stored.Samples.Single(s => s.Subkey == field).Value);
    }

    [Fact]
    public async Task Removal_in_a_family_split_over_several_redis_scripts_applies_in_order()
    {
        await using var store = Stores.Redis.RedisTestData.NewStore(redis.Require().EndPoint, Stores.Redis.RedisTestData.NewPrefix(), maxWritesPerScript: 2);
        var metadata = Stores.Redis.RedisTestData.Counter("orders", "country");
        SampleWrite Field(string country, WriteKind kind, double value) => new($"_total:{{\"country\":\"{country}\"}}", kind, value);
        await store.ApplyAsync(new FlushBatch("w", 1, [new FamilyWrite(metadata, [Field("de", WriteKind.Add, 1), Field("fr", WriteKind.Add, 5), Field("it", WriteKind.Add, 7)])]), Ct);

        await store.ApplyAsync(
            new FlushBatch("w", 2, [new FamilyWrite(metadata, [Field("de", WriteKind.Add, 1), Field("fr", WriteKind.Remove, 0), Field("fr", WriteKind.Add, 2), Field("it", WriteKind.Remove, 0)])]),
            Ct);

        var stored = (await store.ReadAsync(Ct)).Single(f => f.Name == "orders");
        Assert.Equal(
            ["_total:{\"country\":\"de\"}=2", "_total:{\"country\":\"fr\"}=2"],
            stored.Samples.Select(s => s.Subkey + "=" + s.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
    }
}
