using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a health check of the distributed metrics store.</summary>
public static class DistributedMetricsHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks that the metrics store can be read (within <c>ScrapeTimeout</c>) and that the last flush to it
    /// succeeded; reports <paramref name="failureStatus"/> (default Unhealthy) with the reason otherwise. Requires
    /// <c>AddDistributedMetrics(...)</c>.
    /// </summary>
    /// <param name="builder">The health checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name. Default <c>distributed_metrics_store</c>.</param>
    /// <param name="failureStatus">The status reported on failure; null means Unhealthy.</param>
    /// <param name="tags">Tags to filter checks by, e.g. <c>ready</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddDistributedMetricsStore(
        this IHealthChecksBuilder builder,
        string name = "distributed_metrics_store",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.AddCheck<MetricsStoreHealthCheck>(name, failureStatus, tags ?? []);
    }
}
