using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Starts the metrics (and so the background flusher) with the host, logs failed flushes, and flushes what is
/// pending when the host stops.
/// </summary>
internal sealed partial class MetricsFlushService(DistributedMetrics metrics, ILogger<MetricsFlushService> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Flusher.FlushFailed = e => LogFlushFailed(logger, e);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await metrics.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutdown goes on; what could not be flushed is reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogShutdownFlushFailed(logger, e);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Flushing metrics to the store failed; the changes stay queued and are retried.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "The final metrics flush at shutdown failed; changes since the last flush are lost.")]
    private static partial void LogShutdownFlushFailed(ILogger logger, Exception exception);
}
