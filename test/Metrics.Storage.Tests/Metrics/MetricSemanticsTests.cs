using Prometheus.Distributed.Stores.InMemory;

namespace Prometheus.Distributed.Tests.Metrics;

public sealed class MetricSemanticsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counter_increments_merge_into_one_stored_total()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var orders = metrics.CreateCounter("shop_orders_total", "Orders.", "country");
        orders.WithLabels("fr").Inc();
        orders.WithLabels("fr").Inc(2.5);
        orders.WithLabels("de").Inc();

        await metrics.FlushAsync(Token);

        Assert.Equal(3.5, await store.ReadFieldAsync("shop_orders", "_total:{\"country\":\"fr\"}"));
        Assert.Equal(1, await store.ReadFieldAsync("shop_orders", "_total:{\"country\":\"de\"}"));
        Assert.NotNull(await store.ReadFieldAsync("shop_orders", "_created:{\"country\":\"fr\"}"));
    }

    [Fact]
    public async Task Counter_declared_with_or_without_total_suffix_is_one_family()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Same(metrics.CreateCounter("jobs_total", "Jobs."), metrics.CreateCounter("jobs", "Jobs."));
    }

    [Fact]
    public async Task Unlabelled_metrics_are_stored_at_zero_before_any_update()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        metrics.CreateCounter("jobs_total", "Jobs.");
        metrics.CreateGauge("queue_depth", "Depth.");

        await metrics.FlushAsync(Token);

        Assert.Equal(0, await store.ReadFieldAsync("jobs", "_total:{}"));
        Assert.Equal(0, await store.ReadFieldAsync("queue_depth", ":{}"));
    }

    [Fact]
    public async Task Two_processes_on_one_store_add_into_the_same_series()
    {
        var store = new InMemoryMetricStore();
        await using var first = MetricsHarness.Create(store);
        await using var second = MetricsHarness.Create(store);
        first.CreateCounter("hits_total", "Hits.").Inc(3);
        second.CreateCounter("hits_total", "Hits.").Inc(4);

        await first.FlushAsync(Token);
        await second.FlushAsync(Token);

        Assert.Equal(7, await store.ReadFieldAsync("hits", "_total:{}"));
    }

    [Fact]
    public async Task Created_timestamp_of_the_first_writer_is_kept()
    {
        var store = new InMemoryMetricStore();
        await using var first = MetricsHarness.Create(store);
        first.CreateCounter("hits_total", "Hits.").Inc();
        await first.FlushAsync(Token);
        var created = await store.ReadFieldAsync("hits", "_created:{}");

        await using var second = MetricsHarness.Create(store);
        second.CreateCounter("hits_total", "Hits.").Inc();
        await second.FlushAsync(Token);

        Assert.Equal(created, await store.ReadFieldAsync("hits", "_created:{}"));
    }

    [Fact]
    public async Task Histogram_buckets_are_cumulative_and_count_equals_the_inf_bucket()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var latency = metrics.CreateHistogram("latency_seconds", "Latency.", [0.1, 1, 10], "route");
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20 })
        {
            latency.WithLabels("/a").Observe(value);
        }

        await metrics.FlushAsync(Token);
        var fields = await store.ReadFieldsAsync();

        Assert.Equal(2, fields["latency_seconds|_bucket:{\"le\":\"0.1\",\"route\":\"/a\"}"]);
        Assert.Equal(3, fields["latency_seconds|_bucket:{\"le\":\"1.0\",\"route\":\"/a\"}"]);
        Assert.Equal(4, fields["latency_seconds|_bucket:{\"le\":\"10.0\",\"route\":\"/a\"}"]);
        Assert.Equal(5, fields["latency_seconds|_bucket:{\"le\":\"+Inf\",\"route\":\"/a\"}"]);
        Assert.Equal(5, fields["latency_seconds|_count:{\"route\":\"/a\"}"]);
        Assert.Equal(22.65, fields["latency_seconds|_sum:{\"route\":\"/a\"}"], 9);
    }

    [Fact]
    public async Task Histogram_default_buckets_use_the_seed_le_text()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        metrics.CreateHistogram("work_seconds", "Work.").Observe(0.003);

        await metrics.FlushAsync(Token);
        var fields = await store.ReadFieldsAsync();

        Assert.Equal(1, fields["work_seconds|_bucket:{\"le\":\"0.005\"}"]);
        Assert.Equal(1, fields["work_seconds|_bucket:{\"le\":\"10.0\"}"]);
        Assert.Equal(15, fields.Keys.Count(k => k.StartsWith("work_seconds|_bucket:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Gauge_set_wins_over_earlier_increments_and_keeps_later_ones_until_flushed_then_increments_add()
    {
        var store = new InMemoryMetricStore();
        await using var first = MetricsHarness.Create(store);
        await using var second = MetricsHarness.Create(store);
        var depthA = first.CreateGauge("queue_depth", "Depth.");
        var depthB = second.CreateGauge("queue_depth", "Depth.");

        depthA.Inc(100);
        depthA.Set(10);
        depthA.Inc(2);
        await first.FlushAsync(Token);
        depthB.Dec(5);
        await second.FlushAsync(Token);

        Assert.Equal(7, await store.ReadFieldAsync("queue_depth", ":{}"));

        // Once the set was flushed, this instance's increments add to what the other one stored.
        depthA.Inc(3);
        depthA.Dec();
        await first.FlushAsync(Token);
        await first.FlushAsync(Token);

        Assert.Equal(9, await store.ReadFieldAsync("queue_depth", ":{}"));
    }

    [Fact]
    public async Task Summary_stores_count_and_sum()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var size = metrics.CreateSummary("payload_bytes", "Payload size.");
        size.Observe(100);
        size.Observe(50);

        await metrics.FlushAsync(Token);

        Assert.Equal(2, await store.ReadFieldAsync("payload_bytes", "_count:{}"));
        Assert.Equal(150, await store.ReadFieldAsync("payload_bytes", "_sum:{}"));
    }

    [Fact]
    public async Task Label_values_are_stored_as_python_json()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        metrics.CreateCounter("greetings_total", "Greetings.", "word", "lang").WithLabels("h\u00e9 \"x\"\n", "fr").Inc();

        await metrics.FlushAsync(Token);

        Assert.Equal(1, await store.ReadFieldAsync("greetings", "_total:{\"lang\":\"fr\",\"word\":\"h\\u00e9 \\\"x\\\"\\n\"}"));
    }

    [Fact]
    public async Task Series_past_the_limit_are_dropped_and_counted()
    {
        var store = new InMemoryMetricStore();
        await using var metrics = MetricsHarness.Create(store, o => o.MaxSeriesPerMetric = 2);
        var users = metrics.CreateCounter("logins_total", "Logins.", "user");
        foreach (var user in new[] { "a", "b", "c", "d" })
        {
            users.WithLabels(user).Inc();
        }

        await metrics.FlushAsync(Token);
        var fields = await store.ReadFieldsAsync();

        Assert.Equal(2, fields.Keys.Count(k => k.StartsWith("logins|_total:", StringComparison.Ordinal)));
        Assert.Equal(2, metrics.Registry.Families.Single(f => f.Metadata.Name == "logins").DroppedSeries);
    }

    [Fact]
    public async Task Concurrent_increments_during_flushes_are_all_counted()
    {
        var (metrics, store) = MetricsHarness.Create();
        await using var _ = metrics;
        var counter = metrics.CreateCounter("ops_total", "Ops.", "worker");
        const int Threads = 4;
        const int PerThread = 100_000;

        var writers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var series = counter.WithLabels((t % 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
            for (var i = 0; i < PerThread; i++)
            {
                series.Inc();
            }
        })).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            await metrics.FlushAsync(Token);
        }

        await metrics.FlushAsync(Token);
        var fields = await store.ReadFieldsAsync();

        Assert.Equal(Threads * PerThread, fields["ops|_total:{\"worker\":\"0\"}"] + fields["ops|_total:{\"worker\":\"1\"}"]);
    }

    [Fact]
    public async Task Per_instance_gauge_changed_by_threads_during_flushes_sends_its_final_value()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var _ = metrics;
        var inFlight = metrics.CreateGauge("in_flight", "Requests in flight.", GaugeMode.Sum);
        const int Threads = 4;
        const int PerThread = 100_000;

        // Each thread ends one up: every increment but the last is undone by a decrement.
        var writers = Enumerable.Range(0, Threads).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                inFlight.Inc();
                inFlight.Dec();
            }

            inFlight.Inc();
        })).ToArray();
        while (!writers.All(w => w.IsCompleted))
        {
            await metrics.FlushAsync(Token);
        }

        await metrics.FlushAsync(Token);

        Assert.Equal(["in_flight 4"], await Instances.SharedStore.SamplesAsync(metrics, "in_flight"));
    }
}
