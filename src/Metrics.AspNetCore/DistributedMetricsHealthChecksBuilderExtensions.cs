using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a health check of the distributed metrics store, and forwards health check results to the metrics.</summary>
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

    /// <summary>
    /// Publishes every health check's status as the gauge <c>aspnetcore_healthcheck_status{name="check"}</c> (0 unhealthy,
    /// 0.5 degraded, 1 healthy, as prometheus-net's <c>ForwardToPrometheus</c>), one series per check and live instance
    /// (label <c>instance</c>), each time the health check publisher runs (<c>HealthCheckPublisherOptions</c>: first after
    /// 5 s, then every 30 s by default). Requires <c>AddDistributedMetrics(...)</c>; calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The health checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder ForwardToDistributedMetrics(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthCheckMetricsPublisher>());
        return builder;
    }
}
