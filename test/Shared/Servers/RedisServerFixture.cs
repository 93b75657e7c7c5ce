namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A standalone <c>redis-server</c> shared by the tests of <see cref="RedisServerGroup"/>; started once,
/// killed at the end. Tests isolate themselves with their own key prefix. When the program is missing the fixture
/// still initialises, and <see cref="Require"/> skips (or under CI fails) each test.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? server;
    private string missingReason = string.Empty;

    /// <summary>The located programs, or null when missing.</summary>
    public RedisTools? Tools { get; private set; }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        Tools = RedisTools.Locate(out missingReason);
        if (Tools is not null)
        {
            server = await RedisServer.StartAsync(Tools, []);
        }
    }

    /// <summary>The running server; skips or fails the calling test when redis-server is missing.</summary>
    public RedisServer Require()
    {
        if (server is null)
        {
            ExternalTool.SkipOrFail(missingReason);
        }

        return server!;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
