using System.Diagnostics;
using System.Globalization;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Stores.Sqlite;
using Prometheus.Distributed.Testing.Servers;
using Prometheus.Distributed.Tests.Metrics;
using Prometheus.Distributed.Tests.Stores.Sqlite;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Flushing;

/// <summary>
/// After a long outage the background flusher has backed off far beyond its interval (up to 30 s); once the store is
/// back, the waiting changes must not wait that out. The outage is long enough for the back-off to pass 8 s, the bound
/// the store must be current within after the resume (two flush intervals of 1 s, and room for a loaded machine).
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class RecoveryTests(RedisServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    // Well below the back-off reached after a 20 s outage (16 s), well above two flush intervals.
    private static readonly TimeSpan CurrentWithin = TimeSpan.FromSeconds(8);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_long_redis_freeze_the_store_is_current_soon_after_the_resume()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        var prefix = NewPrefix();
        var store = new RedisMetricStore(new RedisStoreSettings
        {
            Configuration = server.EndPoint + ",syncTimeout=1000,asyncTimeout=1000",
            Prefix = prefix,
        });
        await using var metrics = MetricsHarness.Create(store, o => o.FlushInterval = TimeSpan.FromSeconds(1));
        var counted = new RedisStoreSettings { Configuration = server.Configuration, Prefix = prefix };

        var delay = await MeasureRecoveryAsync(metrics, server.FreezeAsync, server.ThawAsync, async () =>
        {
            await using var reader = new RedisMetricStore(counted);
            return await reader.ReadFieldAsync("jobs", "_total:{}");
        });

        output.WriteLine($"Store current {delay.TotalSeconds:0.00} s after the end of a {Outage.TotalSeconds} s Redis freeze.");
    }

    [Fact]
    public async Task After_a_long_sqlite_lock_the_store_is_current_soon_after_the_release()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        var store = new SqliteMetricStore(new SqliteStoreSettings(path) { BusyTimeout = TimeSpan.FromSeconds(1) });
        await using var metrics = MetricsHarness.Create(store, o => o.FlushInterval = TimeSpan.FromSeconds(1));
        SqliteWriteLock? held = null;

        var delay = await MeasureRecoveryAsync(
            metrics,
            async () => held = await SqliteWriteLock.TakeAsync(path),
            async () => await held!.DisposeAsync(),
            async () =>
            {
                await using var reader = new SqliteMetricStore(new SqliteStoreSettings(path));
                return await reader.ReadFieldAsync("jobs", "_total:{}");
            });

        output.WriteLine($"Store current {delay.TotalSeconds:0.00} s after the end of a {Outage.TotalSeconds} s SQLite lock.");
    }

    /// <summary>
    /// Counts during the outage, ends it, and returns how long after the end the store held every count; fails when it
    /// takes longer than <see cref="CurrentWithin"/>.
    /// </summary>
    private static async Task<TimeSpan> MeasureRecoveryAsync(
        DistributedMetrics metrics, Func<Task> startOutage, Func<Task> endOutage, Func<Task<double?>> readStored)
    {
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.");
        jobs.Inc();
        var total = 1;
        await metrics.FlushAsync(Token);

        await startOutage();
        Stopwatch resumed;
        try
        {
            var outage = Stopwatch.StartNew();
            while (outage.Elapsed < Outage)
            {
                jobs.Inc();
                total++;
                await Task.Delay(100, Token);
            }

            Assert.True(metrics.Flusher.Failures >= 3, $"{metrics.Flusher.Failures} failed flushes during the outage");
        }
        finally
        {
            await endOutage();
            resumed = Stopwatch.StartNew();
        }

        await Eventually.HoldsAsync(
            async () => await readStored() == total,
            CurrentWithin,
            string.Create(CultureInfo.InvariantCulture, $"The store holding all {total} jobs after the outage"));
        return resumed.Elapsed;
    }
}
