using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Flushing;

public sealed class FlusherTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flush_retried_after_lost_reply_counts_once()
    {
        var store = new FaultyStore { LostRepliesLeft = 1 };
        await using var metrics = MetricsHarness.Create(store);
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.");
        jobs.Inc(5);

        await Assert.ThrowsAsync<TimeoutException>(() => metrics.FlushAsync(Token));
        jobs.Inc(2);
        await metrics.FlushAsync(Token);

        Assert.Equal(7, await store.Inner.ReadFieldAsync("jobs", "_total:{}"));
        Assert.Equal(3, store.AppliedSequences.Count);
        Assert.Equal(store.AppliedSequences[0], store.AppliedSequences[1]);
    }

    [Fact]
    public async Task Updates_during_an_outage_merge_in_memory_and_arrive_once_it_ends()
    {
        var store = new FaultyStore { OutagesLeft = 3 };
        await using var metrics = MetricsHarness.Create(store);
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.", "kind");

        for (var attempt = 0; attempt < 3; attempt++)
        {
            jobs.WithLabels("a").Inc(10);
            await Assert.ThrowsAsync<IOException>(() => metrics.FlushAsync(Token));
        }

        await metrics.FlushAsync(Token);

        Assert.Equal(30, await store.Inner.ReadFieldAsync("jobs", "_total:{\"kind\":\"a\"}"));
        Assert.Equal(2, store.AppliedSequences.Count);
    }

    [Fact]
    public async Task Background_flusher_sends_updates_without_being_asked()
    {
        var store = new FaultyStore();
        await using var metrics = MetricsHarness.Create(store, o => o.FlushInterval = TimeSpan.FromMilliseconds(20));
        metrics.CreateCounter("ticks_total", "Ticks.").Inc(4);

        await Eventually.HoldsAsync(
            async () => await store.Inner.ReadFieldAsync("ticks", "_total:{}") == 4, TimeSpan.FromSeconds(10), "The flush of 4 ticks");
    }

    [Fact]
    public async Task Background_flusher_retries_after_failures_until_the_store_accepts()
    {
        var store = new FaultyStore { OutagesLeft = 2 };
        await using var metrics = MetricsHarness.Create(store, o => o.FlushInterval = TimeSpan.FromMilliseconds(5));
        metrics.CreateCounter("ticks_total", "Ticks.").Inc(4);

        await Eventually.HoldsAsync(
            async () => await store.Inner.ReadFieldAsync("ticks", "_total:{}") == 4, TimeSpan.FromSeconds(10), "The flush of 4 ticks");

        Assert.Equal(2, metrics.Flusher.Failures);
    }

    [Fact]
    public async Task Dispose_flushes_pending_updates()
    {
        var store = new FaultyStore();
        var metrics = MetricsHarness.Create(store);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc(9);

        await metrics.DisposeAsync();

        Assert.Equal(9, await store.Inner.ReadFieldAsync("jobs", "_total:{}"));
    }

    [Fact]
    public async Task Dispose_retries_the_final_flush_until_the_store_accepts()
    {
        var store = new FaultyStore { OutagesLeft = 3 };
        var metrics = MetricsHarness.Create(store);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc(6);

        await metrics.DisposeAsync();

        Assert.Equal(6, await store.Inner.ReadFieldAsync("jobs", "_total:{}"));
    }

    [Fact]
    public async Task Dispose_reports_a_final_flush_that_failed_for_the_whole_shutdown_budget()
    {
        var store = new FaultyStore { OutagesLeft = int.MaxValue };
        var metrics = MetricsHarness.Create(store, o => o.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(300));
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();

        await Assert.ThrowsAsync<IOException>(async () => await metrics.DisposeAsync());
    }
}
