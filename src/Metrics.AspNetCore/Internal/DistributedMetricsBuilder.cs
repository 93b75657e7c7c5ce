using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>The builder returned by <c>AddDistributedMetrics</c>.</summary>
internal sealed class DistributedMetricsBuilder(IServiceCollection services) : IDistributedMetricsBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
