using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Features added through <see cref="IDistributedMetricsBuilder"/>.</summary>
public static class DistributedMetricsBuilderExtensions
{
    /// <summary>
    /// Registers a class that declares metrics from an injected <c>IMetricFactory</c> as a singleton, so it can be
    /// injected where the metrics are updated.
    /// </summary>
    /// <typeparam name="TMetrics">The metrics class.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IDistributedMetricsBuilder AddMetrics<TMetrics>(this IDistributedMetricsBuilder builder)
        where TMetrics : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TMetrics>();
        return builder;
    }
}
