using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.InMemory;
using Prometheus.Distributed.Tests.Flushing;
using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Monitoring;

public sealed class SelfMetricsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flush_duration_is_recorded_and_written_through_the_same_flusher()
    {
        var store = new InMemoryMetricStore();
        await using var metrics = MetricsHarness.Create(store);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();

        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);

        Assert.Equal(1, await store.ReadFieldAsync("distributed_metrics_flush_duration_seconds", "_count:{}"));
        Assert.Equal(1, await store.ReadFieldAsync("distributed_metrics_flush_duration_seconds", "_bucket:{\"le\":\"+Inf\"}"));
    }

    [Fact]
    public async Task Idle_process_stops_writing_after_its_self_metrics_are_flushed()
    {
        var store = new FaultyStore();
        await using var metrics = MetricsHarness.Create(store);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);
        var applied = store.AppliedSequences.Count;

        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);

        Assert.Equal(applied, store.AppliedSequences.Count);
    }

    [Fact]
    public async Task Failed_flushes_and_pending_series_are_recorded_once_the_store_is_back()
    {
        var store = new FaultyStore { OutagesLeft = 2 };
        await using var metrics = MetricsHarness.Create(store);
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.", "queue");
        jobs.WithLabels("a").Inc();
        jobs.WithLabels("b").Inc();
        await Assert.ThrowsAsync<IOException>(() => metrics.FlushAsync(Token));
        await Assert.ThrowsAsync<IOException>(() => metrics.FlushAsync(Token));
        var pendingDuringOutage = (await SelfFieldsAsync(store.Inner)).Count;

        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);

        Assert.Equal(0, pendingDuringOutage);
        Assert.Equal(2, await store.Inner.ReadFieldAsync("distributed_metrics_flush_failures", "_total:{}"));
        Assert.Equal(0, (await metrics.CollectAsync(Token)).GetValue("distributed_metrics_pending_series"));
        Assert.Equal(2, metrics.Flusher.Failures);
    }

    [Fact]
    public async Task Flushes_no_replica_acknowledged_are_counted_apart_from_other_failures()
    {
        var store = new FaultyStore { OutagesLeft = 1, UnacknowledgedLeft = 2 };
        await using var metrics = MetricsHarness.Create(store);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await Assert.ThrowsAsync<IOException>(() => metrics.FlushAsync(Token));
        await Assert.ThrowsAsync<ReplicationTimeoutException>(() => metrics.FlushAsync(Token));
        await Assert.ThrowsAsync<ReplicationTimeoutException>(() => metrics.FlushAsync(Token));

        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);

        Assert.Equal(2, await store.Inner.ReadFieldAsync("distributed_metrics_replica_wait_timeouts", "_total:{}"));
        Assert.Equal(3, await store.Inner.ReadFieldAsync("distributed_metrics_flush_failures", "_total:{}"));
        Assert.Equal(1, await store.Inner.ReadFieldAsync("jobs", "_total:{}"));
    }

    [Fact]
    public async Task Pending_series_gauge_holds_the_unconfirmed_series_after_a_failed_flush()
    {
        var store = new FaultyStore { OutagesLeft = 1 };
        await using var metrics = MetricsHarness.Create(store);
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.", "queue");
        jobs.WithLabels("a").Inc();
        jobs.WithLabels("b").Inc();
        await Assert.ThrowsAsync<IOException>(() => metrics.FlushAsync(Token));

        await metrics.FlushAsync(Token);

        // The retried batch goes first; the gauge (set before the next collection) travels in the second batch.
        Assert.True((await metrics.CollectAsync(Token)).GetValue("distributed_metrics_pending_series") >= 2);
    }

    [Fact]
    public async Task Dropped_series_are_counted_per_metric_and_reported_once()
    {
        var store = new InMemoryMetricStore();
        await using var metrics = MetricsHarness.Create(store, o => o.MaxSeriesPerMetric = 2);
        var reported = new List<string>();
        metrics.Monitor.SeriesLimitReached += reported.Add;
        var users = metrics.CreateCounter("logins_total", "Logins.", "user");
        foreach (var user in new[] { "a", "b", "c", "d" })
        {
            users.WithLabels(user).Inc();
        }

        await metrics.FlushAsync(Token);
        users.WithLabels("e").Inc();
        await metrics.FlushAsync(Token);

        Assert.Equal(["logins"], reported);
        Assert.Equal(3, await store.ReadFieldAsync("distributed_metrics_series_dropped", "_total:{\"metric\":\"logins\"}"));
    }

    [Fact]
    public async Task Self_metrics_off_writes_no_self_metric()
    {
        var store = new InMemoryMetricStore();
        await using var metrics = MetricsHarness.Create(store, o => o.SelfMetrics = false);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();

        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);

        Assert.Empty(await SelfFieldsAsync(store));
        Assert.Equal(1, await store.ReadFieldAsync("jobs", "_total:{}"));
    }

    [Fact]
    public async Task Refused_family_is_reported_once_and_counted_per_flush()
    {
        var store = new InMemoryMetricStore();
        await using (var first = MetricsHarness.Create(store))
        {
            first.CreateCounter("jobs_total", "Jobs.").Inc();
            await first.FlushAsync(Token);
        }

        await using var second = MetricsHarness.Create(store, o => o.FlushInterval = TimeSpan.FromMilliseconds(20));
        var reports = 0;
        second.Monitor.FamiliesRefused += _ => Interlocked.Increment(ref reports);
        var jobs = second.CreateGauge("jobs", "Jobs.");
        var orders = second.CreateCounter("orders_total", "Orders.");
        jobs.Set(1);
        orders.Inc();
        await WaitForAsync(store, "orders", 1);
        jobs.Set(2);
        orders.Inc();
        await WaitForAsync(store, "orders", 2);

        Assert.Equal(1, Volatile.Read(ref reports));
        await WaitForAsync(store, "distributed_metrics_flush_refused", 2, "_total:{\"metric\":\"jobs\"}");
        Assert.Equal(1, await store.ReadFieldAsync("jobs", "_total:{}"));
    }

    private static async Task<Dictionary<string, double>> SelfFieldsAsync(IMetricStore store) =>
        (await store.ReadFieldsAsync())
            .Where(f => f.Key.StartsWith("distributed_metrics_", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

    private static Task WaitForAsync(IMetricStore store, string family, double value, string subkey = "_total:{}") =>
        Eventually.HoldsAsync(
            async () => await store.ReadFieldAsync(family, subkey) == value, TimeSpan.FromSeconds(10), $"{family} {subkey} = {value}");
}
