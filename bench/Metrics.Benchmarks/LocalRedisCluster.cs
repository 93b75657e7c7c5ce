using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// A Redis Cluster of the benchmark's own: <see cref="LocalRedis"/> masters with <c>--cluster-enabled yes</c> (bus
/// ports picked free), joined by <c>redis-cli --cluster create</c> without replicas. Disposing kills every node.
/// </summary>
internal sealed class LocalRedisCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private LocalRedisCluster(LocalRedis[] masters) => Masters = masters;

    /// <summary>The masters.</summary>
    public IReadOnlyList<LocalRedis> Masters { get; }

    /// <summary>A StackExchange.Redis configuration string listing every master.</summary>
    public string Configuration => string.Join(',', Masters.Select(m => m.EndPoint)) + ",syncTimeout=10000";

    /// <summary>Starts <paramref name="masters"/> masters and waits until the cluster's state is ok.</summary>
    public static async Task<LocalRedisCluster> StartAsync(int masters = 3)
    {
        var nodes = new List<LocalRedis>();
        try
        {
            for (var i = 0; i < masters; i++)
            {
                nodes.Add(LocalRedis.Start(
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-port", LocalRedis.FreePort().ToString(CultureInfo.InvariantCulture)));
            }

            await CreateAsync(nodes);
            return new LocalRedisCluster([.. nodes]);
        }
        catch
        {
            nodes.ForEach(n => n.Dispose());
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var master in Masters)
        {
            master.Dispose();
        }
    }

    private static async Task CreateAsync(List<LocalRedis> nodes)
    {
        var create = new ProcessStartInfo("redis-cli") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments = ["--cluster", "create", .. nodes.Select(n => n.EndPoint), "--cluster-replicas", "0", "--cluster-yes"];
        foreach (var argument in arguments)
        {
            create.ArgumentList.Add(argument);
        }

        using var process = Process.Start(create)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("redis-cli --cluster create failed:\n" + output);
        }

        using var redis = await ConnectionMultiplexer.ConnectAsync(string.Join(',', nodes.Select(n => n.EndPoint)));
        var clock = Stopwatch.StartNew();
        foreach (var node in nodes)
        {
            var server = redis.GetServer(node.EndPoint);
            while (!((string)(await server.ExecuteAsync("CLUSTER", "INFO"))!).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                if (clock.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException($"The cluster's state is not ok on {node.EndPoint} after {StartTimeout}.");
                }

                await Task.Delay(50);
            }
        }
    }
}
