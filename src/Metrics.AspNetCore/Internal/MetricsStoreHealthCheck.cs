using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Unhealthy when the metrics store cannot be read (within the scrape timeout) or the last flush to it failed;
/// the description says which and why.
/// </summary>
internal sealed class MetricsStoreHealthCheck(DistributedMetrics metrics, IOptions<DistributedMetricsOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeout = options.Value.ScrapeTimeout;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(timeout);
            try
            {
                // The scrape's own read: a probe within the cache window of a scrape costs nothing, and none holds
                // the whole store in memory.
                var body = await metrics.ScrapeAsync(ExpositionFormat.PrometheusText, escaping: null, gzip: false, deadline.Token)
                    .ConfigureAwait(false);
                body.Release();
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                return new HealthCheckResult(
                    context.Registration.FailureStatus, $"The metrics store did not answer a read within {timeout.TotalSeconds:0.###} s.", e);
            }
#pragma warning disable CA1031 // Any failure to read is the unhealthy result, not an exception.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"The metrics store cannot be read: {e.Message}", e);
            }
        }

        if (metrics.Flusher.LastError is { } error)
        {
            return new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The last flush to the metrics store failed; changes wait in memory and are retried: {error.Message}",
                error);
        }

        return HealthCheckResult.Healthy("The metrics store can be read and the last flush succeeded.");
    }
}
