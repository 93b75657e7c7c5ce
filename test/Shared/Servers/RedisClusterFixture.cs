using System.Globalization;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A real Redis Cluster of three masters and no replicas: three <c>redis-server --cluster-enabled yes</c>
/// processes (client and bus ports picked free), joined with <c>redis-cli --cluster create … --cluster-replicas 0
/// --cluster-yes</c>; ready once every node reports <c>cluster_state:ok</c> (polled). Killed at the end.
/// </summary>
public sealed class RedisClusterFixture : IAsyncLifetime
{
    private const int Masters = 3;

    private readonly List<RedisServer> nodes = [];
    private string missingReason = string.Empty;

    /// <summary>The running nodes.</summary>
    public IReadOnlyList<RedisServer> Nodes => nodes;

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        var tools = RedisTools.Locate(out missingReason);
        if (tools is null)
        {
            return;
        }

        try
        {
            await StartAsync(tools);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A StackExchange.Redis configuration string listing every node, with the same 5 s operation timeout as
    /// <see cref="RedisServer.Configuration"/> (the client's 1 s default is too short on a loaded 2-core machine);
    /// skips or fails the calling test when redis-server is missing.
    /// </summary>
    public string RequireConfiguration()
    {
        if (nodes.Count == 0)
        {
            ExternalTool.SkipOrFail(missingReason);
        }

        return string.Join(',', nodes.Select(n => n.EndPoint)) + ",syncTimeout=5000";
    }

    private async Task StartAsync(RedisTools tools)
    {
        var ports = FreePorts.Take(2 * Masters);
        for (var i = 0; i < Masters; i++)
        {
            nodes.Add(await RedisServer.StartAsync(
                tools,
                [
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", ports[Masters + i].ToString(CultureInfo.InvariantCulture),
                    "--cluster-node-timeout", "5000",
                ],
                ports[i]));
        }

        var (exitCode, output) = await ProcessRunner.RunAsync(
            tools.CliPath,
            ["--cluster", "create", .. nodes.Select(n => n.EndPoint), "--cluster-replicas", "0", "--cluster-yes"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("redis-cli --cluster create failed:\n" + output);
        }

        foreach (var node in nodes)
        {
            await node.WaitUntilAsync(
                async () => (await node.CliAsync("CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal),
                "in a cluster whose state is ok");
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        nodes.Clear();
    }
}
