using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;

namespace Prometheus.Distributed.Tests.Lifecycle;

/// <summary>
/// 1 000 short-lived instances (distinct ids, one after the other in this process) each write, flush and stop; the
/// store's bookkeeping (flush markers, heartbeats, index) shrinks back to what is active within <c>Expiry</c>. The peak
/// during the churn depends on how fast the machine runs it (instances per <c>Expiry</c>), so it is reported, not asserted.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class BookkeepingChurnTests(RedisServerFixture redis)
{
    private const int Instances = 1000;
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqlite_bookkeeping_stays_bounded_after_a_thousand_short_lived_instances()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        const string Bookkeeping =
            "SELECT (SELECT count(*) FROM metrics_flushes) + (SELECT count(*) FROM metrics_instances) "
            + "+ (SELECT count(*) FROM metrics_instance_values) + (SELECT count(*) FROM metrics_family_writes) "
            + "+ (SELECT count(*) FROM metrics_metadata)";

        var (peak, final) = await ChurnAsync(o => o.UseSqlite(path), () => SqliteRetentionTests.CountAsync(path, Bookkeeping));

        Report("SQLite bookkeeping rows", peak, final);
        Assert.Equal(Instances, await SqliteRetentionTests.CountAsync(path, "SELECT CAST(value AS INTEGER) FROM metrics WHERE subkey = '_total:{}'"));
        Assert.True(final <= 6, $"{final} bookkeeping rows remain after the churn (peak {peak}).");
    }

    [Fact]
    public async Task Redis_bookkeeping_stays_bounded_after_a_thousand_short_lived_instances()
    {
        var server = redis.Require();
        var prefix = "churn" + Guid.NewGuid().ToString("N")[..10];
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = connection.GetDatabase();
        var endPoint = connection.GetEndPoints()[0];

        async Task<long> BookkeepingAsync()
        {
            var keys = 0L;
            await foreach (var _ in connection.GetServer(endPoint).KeysAsync(pattern: prefix + ":dm:*"))
            {
                keys++;
            }

            return keys + await database.HashLengthAsync(prefix + ":dm:instances");
        }

        var (peak, final) = await ChurnAsync(o => o.UseRedis(server.EndPoint, prefix), BookkeepingAsync);

        Report("Redis bookkeeping keys + heartbeat fields", peak, final);
        Assert.True(final <= 6, $"{final} bookkeeping keys and heartbeat fields remain after the churn (peak {peak}).");
    }

    /// <summary>
    /// Runs the churn beside one long-lived instance; returns the largest bookkeeping seen during it (sampled every 50
    /// instances) and what is left once the survivor's flushes have pruned what outlived <see cref="Expiry"/>.
    /// </summary>
    private static async Task<(long Peak, long Final)> ChurnAsync(Action<DistributedMetricsOptions> useStore, Func<Task<long>> bookkeeping)
    {
        void Configure(DistributedMetricsOptions o, string id)
        {
            useStore(o);
            o.InstanceId = id;
            o.FlushInterval = TimeSpan.FromMilliseconds(100);
            o.InstanceTimeout = TimeSpan.FromMilliseconds(500);
            o.Expiry = Expiry;
            o.SelfMetrics = false;
        }

        await using var survivor = DistributedMetrics.Create(o => Configure(o, "survivor"));
        var peak = 0L;
        for (var i = 0; i < Instances; i++)
        {
            await using (var job = DistributedMetrics.Create(o => Configure(o, "job-" + i)))
            {
                job.CreateCounter("jobs_done_total", "Jobs done.").Inc();
                await job.FlushAsync(Ct);
            }

            if (i % 50 == 49)
            {
                await survivor.FlushAsync(Ct);
                peak = Math.Max(peak, await bookkeeping());
            }
        }

        var final = long.MaxValue;
        await Eventually.HoldsAsync(
            async () =>
            {
                await survivor.FlushAsync(Ct);
                final = await bookkeeping();
                return final <= 6;
            },
            TimeSpan.FromSeconds(60),
            "Pruning of the churned instances' bookkeeping");
        return (peak, final);
    }

    private static void Report(string what, long peak, long final) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what} after {Instances} instances: peak {peak}, final {final}");
}
