using System.Globalization;

namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A real Redis Cluster on loopback: <c>redis-server --cluster-enabled yes</c> processes (client and bus ports picked
/// free) joined with <c>redis-cli --cluster create … --cluster-replicas N --cluster-yes</c>; ready once every node
/// reports <c>cluster_state:ok</c> (polled). Tests can kill a node with SIGKILL, find a slot's master and add a
/// replacement replica. Disposing kills every node.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private readonly RedisTools tools;
    private readonly int nodeTimeoutMilliseconds;
    private readonly List<RedisServer> nodes = [];
    private readonly HashSet<RedisServer> killed = [];

    private RedisCluster(RedisTools tools, int nodeTimeoutMilliseconds)
    {
        this.tools = tools;
        this.nodeTimeoutMilliseconds = nodeTimeoutMilliseconds;
    }

    /// <summary>Every node started, killed ones included.</summary>
    public IReadOnlyList<RedisServer> Nodes => nodes;

    /// <summary>The nodes not killed.</summary>
    public IEnumerable<RedisServer> Alive => nodes.Where(n => !killed.Contains(n));

    /// <summary>
    /// A StackExchange.Redis configuration string listing every node, with a 5 s operation timeout (the client's 1 s
    /// default is too short on a loaded 2-core machine).
    /// </summary>
    public string Configuration => string.Join(',', nodes.Select(n => n.EndPoint)) + ",syncTimeout=5000";

    /// <summary>
    /// Starts <paramref name="masters"/> masters with <paramref name="replicasPerMaster"/> replicas each and a
    /// <c>cluster-node-timeout</c> of <paramref name="nodeTimeoutMilliseconds"/> (how soon a dead master fails over).
    /// </summary>
    public static async Task<RedisCluster> StartAsync(RedisTools tools, int masters, int replicasPerMaster, int nodeTimeoutMilliseconds)
    {
        var cluster = new RedisCluster(tools, nodeTimeoutMilliseconds);
        try
        {
            for (var i = 0; i < masters * (1 + replicasPerMaster); i++)
            {
                cluster.nodes.Add(await cluster.StartNodeAsync());
            }

            await cluster.RunCliAsync(
                ["--cluster", "create", .. cluster.nodes.Select(n => n.EndPoint), "--cluster-replicas",
                 replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);
            await cluster.WaitUntilHealthyAsync();
            if (replicasPerMaster > 0)
            {
                foreach (var node in cluster.nodes)
                {
                    await node.WaitUntilAsync(() => IsLinkedAsync(node), "linked to its master or replicas");
                }
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The master that serves <paramref name="slot"/>, by <c>CLUSTER NODES</c> of a live node.</summary>
    public async Task<RedisServer> MasterOfAsync(int slot) =>
        await FindMasterAsync(slot) ?? throw new InvalidOperationException($"No live master serves slot {slot}.");

    /// <summary>The master that serves <paramref name="slot"/>; null while none does (during a failover).</summary>
    public async Task<RedisServer?> FindMasterAsync(int slot)
    {
        foreach (var line in (await Alive.First().CliAsync("CLUSTER", "NODES")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length > 8 && fields[2].Contains("master", StringComparison.Ordinal) && !fields[2].Contains("fail", StringComparison.Ordinal)
                && fields.Skip(8).Any(range => Covers(range, slot)))
            {
                var port = int.Parse(fields[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture);
                return nodes.Single(n => n.Port == port);
            }
        }

        return null;
    }

    /// <summary>The node's id (<c>CLUSTER MYID</c>).</summary>
    public static async Task<string> IdOfAsync(RedisServer node) => (await node.CliAsync("CLUSTER", "MYID")).Trim();

    /// <summary>
    /// Moves <paramref name="slot"/> to <paramref name="target"/> as <c>redis-cli --cluster reshard</c> does:
    /// <c>CLUSTER SETSLOT … IMPORTING</c> on the target, <c>… MIGRATING</c> on the source, <c>MIGRATE</c> of its keys
    /// in batches of 100 until none is left, then <c>CLUSTER SETSLOT … NODE</c> on every live master.
    /// </summary>
    public async Task MoveSlotAsync(int slot, RedisServer target)
    {
        var source = await MasterOfAsync(slot);
        var number = slot.ToString(CultureInfo.InvariantCulture);
        var targetId = await IdOfAsync(target);
        await ExpectOkAsync(target, "CLUSTER", "SETSLOT", number, "IMPORTING", await IdOfAsync(source));
        await ExpectOkAsync(source, "CLUSTER", "SETSLOT", number, "MIGRATING", targetId);
        while ((await source.CliAsync("CLUSTER", "GETKEYSINSLOT", number, "100")).Split('\n', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } keys)
        {
            await ExpectOkAsync(
                source, ["MIGRATE", "127.0.0.1", target.Port.ToString(CultureInfo.InvariantCulture), string.Empty, "0", "5000", "KEYS", .. keys]);
        }

        foreach (var node in new[] { target, source }.Concat(Alive.Where(n => n != target && n != source)))
        {
            if ((await node.CliAsync("ROLE")).StartsWith("master", StringComparison.Ordinal))
            {
                await ExpectOkAsync(node, "CLUSTER", "SETSLOT", number, "NODE", targetId);
            }
        }
    }

    /// <summary>Kills a node with SIGKILL: no shutdown, no last replication.</summary>
    public async Task KillAsync(RedisServer node)
    {
        killed.Add(node);
        await node.KillAsync();
    }

    /// <summary>Waits until every live node reports <c>cluster_state:ok</c>.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        foreach (var node in Alive)
        {
            await node.WaitUntilAsync(
                async () => (await node.CliAsync("CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal),
                "in a cluster whose state is ok");
        }
    }

    /// <summary>Starts a new node and adds it as a replica of <paramref name="master"/>; returns once it is in sync.</summary>
    public async Task<RedisServer> AddReplicaAsync(RedisServer master)
    {
        var replica = await StartNodeAsync();
        nodes.Add(replica);
        await RunCliAsync(
            ["--cluster", "add-node", replica.EndPoint, master.EndPoint, "--cluster-slave", "--cluster-master-id", await IdOfAsync(master)]);
        await replica.WaitUntilAsync(
            async () => (await replica.CliAsync("INFO", "replication")).Contains("master_link_status:up", StringComparison.Ordinal),
            "in sync with its master");
        return replica;
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

    private static async Task ExpectOkAsync(RedisServer node, params string[] command)
    {
        var reply = (await node.CliAsync(command)).Trim();
        if (reply != "OK")
        {
            throw new InvalidOperationException($"{string.Join(' ', command.Take(4))} on {node.EndPoint} answered: {reply}");
        }
    }

    private static bool Covers(string range, int slot)
    {
        if (range.StartsWith('['))
        {
            return false;
        }

        var bounds = range.Split('-');
        var low = int.Parse(bounds[0], CultureInfo.InvariantCulture);
        var high = bounds.Length > 1 ? int.Parse(bounds[1], CultureInfo.InvariantCulture) : low;
        return slot >= low && slot <= high;
    }

    private static async Task<bool> IsLinkedAsync(RedisServer node)
    {
        var replication = await node.CliAsync("INFO", "replication");
        return replication.Contains("role:master", StringComparison.Ordinal)
            ? !replication.Contains("connected_slaves:0", StringComparison.Ordinal)
            : replication.Contains("master_link_status:up", StringComparison.Ordinal);
    }

    private Task<RedisServer> StartNodeAsync()
    {
        var busPort = FreePorts.Take(1)[0];
        return RedisServer.StartAsync(
            tools,
            [
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-port", busPort.ToString(CultureInfo.InvariantCulture),
                "--cluster-node-timeout", nodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
            ]);
    }

    private async Task RunCliAsync(string[] arguments)
    {
        var (exitCode, output) = await ProcessRunner.RunAsync(tools.CliPath, arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments.Take(2))} failed:\n" + output);
        }
    }
}
