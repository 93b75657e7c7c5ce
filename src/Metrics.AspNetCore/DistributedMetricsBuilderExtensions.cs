using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus.Distributed;
using Prometheus.Distributed.AspNetCore.Internal;

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

    /// <summary>
    /// Registers a custom collector as a singleton; it runs at every scrape served by this instance and its families
    /// are added to the exposition (see <see cref="IMetricsCollector"/>). Failures are logged and counted.
    /// </summary>
    /// <typeparam name="TCollector">The collector.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IDistributedMetricsBuilder AddCollector<TCollector>(this IDistributedMetricsBuilder builder)
        where TCollector : class, IMetricsCollector
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsCollector, TCollector>());
        return builder;
    }

    /// <summary>
    /// Pushes the aggregated metrics of the store (every instance's) to Graphite's carbon every interval, from a
    /// hosted service that retries with back-off and never stops the host. Options are validated at start-up.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the address and the rest, e.g. <c>o =&gt; o.Address = "127.0.0.1:2003"</c>.</param>
    /// <returns>The builder.</returns>
    public static IDistributedMetricsBuilder AddGraphiteBridge(
        this IDistributedMetricsBuilder builder, Action<GraphiteBridgeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<GraphiteBridgeOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<GraphiteBridgeOptions>, GraphiteBridgeOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, GraphiteBridgeService>());
        return builder;
    }
}
