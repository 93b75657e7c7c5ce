using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Creates the container's <see cref="DistributedMetrics"/>: from the validated options, with the process metrics unless
/// they are turned off, the collectors registered
/// through <c>AddCollector&lt;T&gt;()</c> (resolved at the first scrape, so a collector may depend on the metrics) and
/// their failures logged.
/// </summary>
internal static partial class MetricsCreation
{
    public static DistributedMetrics Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DistributedMetricsOptions>>().Value;
        var metrics = DistributedMetrics.Create(options, services);
        if (options.ProcessMetrics)
        {
            metrics.RecordProcessMetrics();
        }

        metrics.Collectors.AddSource(services.GetServices<IMetricsCollector>);
        ILogger logger = services.GetService<ILogger<IMetricsCollector>>() ?? NullLogger<IMetricsCollector>.Instance;
        metrics.Collectors.CollectorFailed = (collector, reason) => LogCollectorFailed(logger, collector, reason);
        return metrics;
    }

    [LoggerMessage(7, LogLevel.Warning, "Metrics collector {Collector} was skipped for this scrape; the rest of the scrape is served.")]
    private static partial void LogCollectorFailed(ILogger logger, string collector, Exception exception);
}
