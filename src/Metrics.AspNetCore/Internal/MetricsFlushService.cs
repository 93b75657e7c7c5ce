using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Starts the metrics (and so the background flusher) with the host, logs failed flushes, refused families, metrics
/// that reached their series limit and unreadable store entries, and flushes what is pending when the host stops
/// (SIGTERM, <c>StopAsync</c>).
/// </summary>
internal sealed partial class MetricsFlushService(
    DistributedMetrics metrics, IOptions<DistributedMetricsOptions> options, ILogger<MetricsFlushService> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Flusher.FlushFailed = e => LogFlushFailed(logger, e);
        metrics.FinalFlushFailed = OnFinalFlushFailed;
        metrics.Monitor.SeriesLimitReached += OnSeriesLimitReached;
        metrics.Monitor.FamiliesRefused += OnFamiliesRefused;
        metrics.Monitor.EntriesSkipped += OnEntriesSkipped;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops the flusher, flushes what is pending (within <c>ShutdownFlushTimeout</c>) and releases the store. A failed
    /// final flush is logged, never thrown (here or when the container disposes a host that was never stopped), so a
    /// store outage cannot break the host's shutdown.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await metrics.DisposeAsync().ConfigureAwait(false);
        metrics.Monitor.SeriesLimitReached -= OnSeriesLimitReached;
        metrics.Monitor.FamiliesRefused -= OnFamiliesRefused;
        metrics.Monitor.EntriesSkipped -= OnEntriesSkipped;
    }

    private void OnFinalFlushFailed(Exception e)
    {
        if (e is MetadataConflictException conflict)
        {
            LogFamiliesRefused(logger, conflict.Message);
        }
        else
        {
            LogShutdownFlushFailed(logger, e);
        }
    }

    private void OnSeriesLimitReached(string metric) => LogSeriesLimitReached(logger, metric, options.Value.MaxSeriesPerMetric);

    private void OnFamiliesRefused(MetadataConflictException conflict) => LogFamiliesRefused(logger, conflict.Message);

    private void OnEntriesSkipped(SkippedEntry skipped) =>
        LogEntriesSkipped(logger, skipped.Count, skipped.Family, SkipReasons.Label(skipped.Reason));

    [LoggerMessage(1, LogLevel.Warning, "Flushing metrics to the store failed; the changes stay queued and are retried.")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "The final metrics flush at shutdown failed; changes since the last flush are lost.")]
    private static partial void LogShutdownFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Metric '{Metric}' reached its limit of {Limit} series (MaxSeriesPerMetric); updates to new series are dropped and counted in distributed_metrics_series_dropped_total. This is logged once per metric.")]
    private static partial void LogSeriesLimitReached(ILogger logger, string metric, int limit);

    [LoggerMessage(5, LogLevel.Error, "The metrics store refused some families; the other families were stored. {Reason}")]
    private static partial void LogFamiliesRefused(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Entries of family '{Family}' in the metrics store cannot be shown and were left out of the scrape (reason {Reason}, {Count} in this read: foreign or damaged data); the rest was served. Counted in distributed_metrics_skipped_entries_total; logged once per family and reason.")]
    private static partial void LogEntriesSkipped(ILogger logger, long count, string family, string reason);
}
