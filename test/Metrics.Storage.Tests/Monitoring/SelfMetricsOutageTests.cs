using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Sqlite;
using Prometheus.Distributed.Testing.Servers;
using Prometheus.Distributed.Tests.Metrics;
using Prometheus.Distributed.Tests.Stores.Sqlite;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Monitoring;

/// <summary>
/// The self-metrics during a real outage (a frozen redis-server, an SQLite file another connection holds locked): the
/// heartbeat is the first call of each flush, so it is the one that fails, and its failures must count like any other.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class SelfMetricsOutageTests(RedisServerFixture fixture)
{
    // How long one store call may block: each failed flush takes at least this long.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(500);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flushes_failing_on_a_frozen_redis_are_counted_timed_and_their_pending_series_reported()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        var timeout = ((int)CallTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var store = new RedisMetricStore(new RedisStoreSettings
        {
            Configuration = $"{server.EndPoint},syncTimeout={timeout},asyncTimeout={timeout}",
            Prefix = NewPrefix(),
        });

        await AssertOutageIsReportedAsync(store, server.FreezeAsync, server.ThawAsync);
    }

    [Fact]
    public async Task Flushes_failing_on_a_locked_sqlite_file_are_counted_timed_and_their_pending_series_reported()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        var store = new SqliteMetricStore(new SqliteStoreSettings(path) { BusyTimeout = CallTimeout });
        SqliteWriteLock? held = null;

        await AssertOutageIsReportedAsync(
            store,
            async () => held = await SqliteWriteLock.TakeAsync(path),
            async () => await held!.DisposeAsync());
    }

    /// <summary>
    /// Two flushes fail during the outage with three new series waiting; once it ends, the store holds both failures,
    /// the time they blocked, and (for one flush) the series that waited, then 0.
    /// </summary>
    private static async Task AssertOutageIsReportedAsync(IMetricStore store, Func<Task> startOutage, Func<Task> endOutage)
    {
        await using var metrics = MetricsHarness.Create(store, o => o.ScrapeCacheDuration = TimeSpan.Zero);
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.", "queue");
        jobs.WithLabels("before").Inc();
        await metrics.FlushAsync(Token);
        await metrics.FlushAsync(Token);
        var before = await metrics.CollectAsync(Token);

        await startOutage();
        try
        {
            foreach (var queue in new[] { "a", "b", "c" })
            {
                jobs.WithLabels(queue).Inc();
            }

            await Assert.ThrowsAnyAsync<Exception>(() => metrics.FlushAsync(Token));
            await Assert.ThrowsAnyAsync<Exception>(() => metrics.FlushAsync(Token));
        }
        finally
        {
            await endOutage();
        }

        await metrics.FlushAsync(Token);
        var recovered = await metrics.CollectAsync(Token);
        await metrics.FlushAsync(Token);
        var settled = await metrics.CollectAsync(Token);

        Assert.Equal(0, before.GetValue("distributed_metrics_flush_failures_total"));
        Assert.Equal(2, recovered.GetValue("distributed_metrics_flush_failures_total"));
        Assert.True(recovered.GetValue("distributed_metrics_pending_series") >= 3, "pending series: " + recovered.GetValue("distributed_metrics_pending_series"));
        Assert.Equal(0, settled.GetValue("distributed_metrics_pending_series"));
        Assert.Equal(1, recovered.GetValue("jobs_total", ("queue", "a")));
        var blocked = recovered.GetValue("distributed_metrics_flush_duration_seconds_sum")!.Value
            - before.GetValue("distributed_metrics_flush_duration_seconds_sum")!.Value;
        Assert.True(blocked >= 2 * CallTimeout.TotalSeconds * 0.9, $"The two failed flushes were timed {blocked} s in all.");
    }
}
