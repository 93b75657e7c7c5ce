namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A real <see cref="RedisCluster"/> of three masters and no replicas, shared by a test collection; killed at the end.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private const int Masters = 3;
    private const int NodeTimeoutMilliseconds = 5000;

    private RedisCluster? cluster;
    private string missingReason = string.Empty;

    /// <summary>The running nodes.</summary>
    public IReadOnlyList<RedisServer> Nodes => cluster?.Nodes ?? [];

    /// <summary>The cluster; skips or fails the calling test when redis-server is missing.</summary>
    public RedisCluster Cluster
    {
        get
        {
            RequireConfiguration();
            return cluster!;
        }
    }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var tools = RedisTools.Locate(out missingReason);
        if (tools is not null)
        {
            cluster = await RedisCluster.StartAsync(tools, Masters, replicasPerMaster: 0, NodeTimeoutMilliseconds);
        }
    }

    /// <summary>
    /// A StackExchange.Redis configuration string listing every node (see <see cref="RedisCluster.Configuration"/>);
    /// skips or fails the calling test when redis-server is missing.
    /// </summary>
    public string RequireConfiguration()
    {
        if (cluster is null)
        {
            ExternalTool.SkipOrFail(missingReason);
        }

        return cluster!.Configuration;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
