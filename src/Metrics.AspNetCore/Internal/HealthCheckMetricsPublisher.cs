using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Publishes each health check's status as <c>aspnetcore_healthcheck_status{name}</c> (prometheus-net's name and values:
/// 0 unhealthy, 0.5 degraded, 1 healthy), a <see cref="GaugeMode.LivePerInstance"/> gauge: every instance reports its
/// own checks, and a stopped instance's statuses leave with it.
/// </summary>
internal sealed class HealthCheckMetricsPublisher(IMetricFactory metrics) : IHealthCheckPublisher
{
    /// <summary>The metric's name.</summary>
    public const string Name = "aspnetcore_healthcheck_status";

    private readonly IGauge status = metrics.CreateGauge(
        Name, "ASP.NET Core health check status (0 == Unhealthy, 0.5 == Degraded, 1 == Healthy) per instance.", GaugeMode.LivePerInstance, "name");

    /// <inheritdoc />
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var (name, entry) in report.Entries)
        {
            status.WithLabels(name).Set(entry.Status switch
            {
                HealthStatus.Healthy => 1,
                HealthStatus.Degraded => 0.5,
                _ => 0,
            });
        }

        return Task.CompletedTask;
    }
}
