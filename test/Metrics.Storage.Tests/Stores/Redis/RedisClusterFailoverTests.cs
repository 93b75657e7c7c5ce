using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// A master killed with SIGKILL during traffic, on a fresh cluster of 3 masters and 3 replicas per test
/// (<c>cluster-node-timeout</c> 1500 ms, so its replica is promoted within seconds). In the cluster collection so
/// that no two clusters start at once on a loaded machine.
/// </summary>
[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterFailoverTests : IAsyncLifetime
{
    private const int NodeTimeoutMilliseconds = 1500;
    private const string Labels = "{\"kind\":\"a\"}";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private RedisCluster? cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        if (RedisTools.Locate(out _) is { } tools)
        {
            cluster = await RedisCluster.StartAsync(tools, masters: 3, replicasPerMaster: 1, NodeTimeoutMilliseconds);
        }
    }

    [Fact]
    public async Task Killing_a_master_during_traffic_loses_no_flush_confirmed_with_RedisWaitForReplicas()
    {
        var (expected, stored) = await KillABusyMasterAsync(waitForReplicas: 1);

        Assert.All(stored, family => Assert.Equal(expected, family.Value));
    }

    [Fact]
    public async Task Killing_a_master_during_traffic_without_waiting_never_counts_twice()
    {
        var (expected, stored) = await KillABusyMasterAsync(waitForReplicas: 0);

        var lost = stored.Where(f => f.Value < expected).Select(f => $"{f.Key} lost {expected - f.Value}").ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Without WAIT, of {expected} confirmed batches: " + (lost.Length == 0 ? "nothing was lost." : string.Join(", ", lost)));
        Assert.All(stored, family => Assert.InRange(family.Value, 0, expected));
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs two writing instances, kills the master of the busy family's slot, waits for its replica's promotion (and,
    /// when waiting for replicas, adds a new replica to it, as an operator would), waits for traffic to go on, and
    /// returns the batches confirmed and every counter's stored total.
    /// </summary>
    private async Task<(long Expected, Dictionary<string, double> Stored)> KillABusyMasterAsync(int waitForReplicas)
    {
        if (cluster is null)
        {
            ExternalTool.SkipOrFail("redis-server/redis-cli not found (install the Debian package redis-server).");
        }

        var prefix = NewPrefix();
        await using var first = NewStore(cluster!.Configuration, prefix, waitForReplicas);
        await using var second = NewStore(cluster.Configuration, prefix, waitForReplicas);
        var slot = RedisHashSlot.Of(prefix + "_busy");
        var master = await cluster.MasterOfAsync(slot);

        async Task FailOverAsync()
        {
            await cluster.KillAsync(master);
            await Eventually.HoldsAsync(
                async () => await cluster.FindMasterAsync(slot) is { } promoted && promoted != master, Patience, "The replica's promotion");
            await cluster.WaitUntilHealthyAsync();
            if (waitForReplicas > 0)
            {
                await cluster.AddReplicaAsync(await cluster.MasterOfAsync(slot));
            }
        }

        var expected = await ClusterTraffic.AroundAsync(
            [new(first, "a", RedisClusterSpreadTests.TrafficBatch), new(second, "b", RedisClusterSpreadTests.TrafficBatch)],
            10,
            Patience,
            FailOverAsync);
        var read = await first.ReadAsync(Ct);
        var stored = read.Where(f => f.Metadata?.Type == MetricType.Counter)
            .ToDictionary(f => f.Name, f => Fields(read, f.Name)["_total:" + Labels], StringComparer.Ordinal);
        Assert.Equal(RedisClusterSpreadTests.CounterFamilies().Length + 1, stored.Count);
        return (expected, stored);
    }

    private static RedisMetricStore NewStore(string configuration, string prefix, int waitForReplicas) =>
        new(new RedisStoreSettings
        {
            Configuration = configuration,
            Prefix = prefix,
            MaxWritesPerScript = 7,
            ScanInterval = TimeSpan.Zero,
            WaitForReplicas = waitForReplicas,
        });
}
