using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Runs the <see cref="GraphiteBridge"/> loop for the lifetime of the host and logs failed pushes.</summary>
internal sealed partial class GraphiteBridgeService(
    DistributedMetrics metrics,
    IOptions<GraphiteBridgeOptions> options,
    ILogger<GraphiteBridgeService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bridge = new GraphiteBridge(metrics, options.Value)
        {
            PushFailed = e => LogPushFailed(logger, options.Value.Address, e),
        };
        return bridge.RunAsync(stoppingToken);
    }

    [LoggerMessage(8, LogLevel.Warning, "Pushing metrics to Graphite at {Address} failed; retrying with back-off.")]
    private static partial void LogPushFailed(ILogger logger, string? address, Exception exception);
}
