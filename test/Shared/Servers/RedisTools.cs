namespace Prometheus.Distributed.Testing.Servers;

/// <summary>The Redis programs of the Debian <c>redis-server</c> package (which pulls in <c>redis-tools</c>).</summary>
/// <param name="ServerPath">Path of <c>redis-server</c>.</param>
/// <param name="CliPath">Path of <c>redis-cli</c>.</param>
public sealed record RedisTools(string ServerPath, string CliPath)
{
    /// <summary>Finds both programs; null with a reason when one is missing.</summary>
    public static RedisTools? Locate(out string missingReason)
    {
        var server = ExternalTool.Find("redis-server");
        var cli = ExternalTool.Find("redis-cli");
        missingReason = server is null || cli is null
            ? "redis-server/redis-cli not found (install the Debian package redis-server)."
            : string.Empty;
        return server is null || cli is null ? null : new RedisTools(server, cli);
    }
}
