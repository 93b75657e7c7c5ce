namespace Prometheus.Distributed.Testing.Servers;

/// <summary>
/// A <see cref="CarbonServer"/> shared by the tests of <see cref="CarbonServerGroup"/>; they isolate themselves with
/// their own metric prefix. When carbon-cache is missing the fixture still initialises and <see cref="Require"/> skips
/// (or under CI fails) each test.
/// </summary>
public sealed class CarbonServerFixture : IAsyncLifetime
{
    private CarbonServer? server;
    private string missingReason = string.Empty;

    /// <summary>The carbon-cache program, or null when missing.</summary>
    public string? CarbonPath { get; private set; }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        CarbonPath = CarbonServer.Locate(out missingReason);
        if (CarbonPath is not null)
        {
            server = await CarbonServer.StartAsync(CarbonPath);
        }
    }

    /// <summary>The running server; skips or fails the calling test when carbon-cache is missing.</summary>
    public CarbonServer Require()
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
