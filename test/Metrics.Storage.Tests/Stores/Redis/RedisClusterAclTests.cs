using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Redis;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores.Redis;

/// <summary>
/// The least-privilege ACL user the README documents, created on every node of a real 3-master cluster (Redis does not
/// spread ACLs over a cluster): the client finds the cluster's layout, and every store call of the spread mode works.
/// </summary>
[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterAclTests(RedisClusterFixture fixture)
{
    private const string Password = "metrics-Secret-1";
    private const string Labels = "{\"kind\":\"a\"}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Documented_acl_user_flushes_reads_and_heartbeats_over_every_master()
    {
        var prefix = NewPrefix();
        var configuration = await ConfigurationForUserAsync(prefix);
        await using var store = NewStore(configuration, prefix, maxWritesPerScript: 7);
        var counters = RedisClusterSpreadTests.CounterFamilies();

        Assert.False(await store.HeartbeatAsync("a", TimeSpan.FromSeconds(30), Ct));
        await store.ApplyAsync(Batch("a", 1, [.. counters.Select(c => new FamilyWrite(c, [Add("_total", Labels, 2)]))]), Ct);
        await store.ApplyAsync(
            Batch("a", 2, new FamilyWrite(counters[0], [new SampleWrite(string.Empty, WriteKind.Clear, 0)])),
            Ct);
        var read = await store.ReadAsync(Ct);

        Assert.DoesNotContain(read, f => f.Name == counters[0].Name);
        Assert.All(counters.Skip(1), c => Assert.Equal(2, Fields(read, c.Name)["_total:" + Labels]));
        Assert.Equal(["a"], (await store.ReadInstancesAsync(Ct)).Select(i => i.InstanceId));
    }

    [Fact]
    public async Task Documented_acl_user_with_wait_may_wait_for_replicas()
    {
        var prefix = NewPrefix();
        var configuration = await ConfigurationForUserAsync(prefix, "+wait");
        await using var store = new RedisMetricStore(new RedisStoreSettings
        {
            Configuration = configuration,
            Prefix = prefix,
            WaitForReplicas = 1,
            ReplicaWaitTimeout = TimeSpan.FromMilliseconds(50),
            ScanInterval = TimeSpan.Zero,
        });
        var batch = Batch("a", 1, new FamilyWrite(Counter("orders"), [Add("_total", Labels, 1)]));

        // The cluster has no replicas, so the wait times out: what matters is that WAIT was not refused to the user
        // (the README: "With RedisWaitForReplicas the user also needs +wait").
        await Assert.ThrowsAsync<ReplicationTimeoutException>(() => store.ApplyAsync(batch, Ct));
    }

    [Fact]
    public async Task Acl_user_that_cannot_read_the_cluster_layout_fails_with_a_message_that_names_the_rule()
    {
        var prefix = NewPrefix();
        var configuration = await ConfigurationForUserAsync(prefix, "-cluster|nodes");
        await using var store = NewStore(configuration, prefix);
        var batch = Batch("a", 1, [.. RedisClusterSpreadTests.CounterFamilies().Select(c => new FamilyWrite(c, [Add("_total", Labels, 1)]))]);

        var flush = await Assert.ThrowsAsync<StoreAccessException>(() => store.ApplyAsync(batch, Ct));

        Assert.Contains("CROSSSLOT", flush.Problem, StringComparison.Ordinal);
        Assert.Contains("+cluster|nodes", flush.Message, StringComparison.Ordinal);
    }

    private async Task<string> ConfigurationForUserAsync(string prefix, params string[] extraRules)
    {
        var configuration = fixture.RequireConfiguration();
        var user = "metrics-" + prefix;
        foreach (var node in fixture.Cluster.Alive)
        {
            var reply = (await node.CliAsync(["ACL", "SETUSER", user, .. ReadmeAcl.Rules(prefix, Password), .. extraRules])).Trim();
            Assert.True(reply == "OK", $"ACL SETUSER on {node.EndPoint} was refused: {reply}");
        }

        return $"{configuration},user={user},password={Password}";
    }
}
