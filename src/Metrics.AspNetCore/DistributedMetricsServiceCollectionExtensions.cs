using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus.Distributed;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers distributed metrics in a service collection.</summary>
public static class DistributedMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DistributedMetrics"/> (also as <see cref="IMetricFactory"/>), its options validated at
    /// start-up, and a hosted service that flushes in the background and at shutdown. Calling it again adds
    /// another configuration step and nothing else. The store is not touched until the first flush or scrape.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses the store and settings, e.g. <c>o =&gt; o.UseSqlite("metrics.db")</c>.</param>
    /// <returns>A builder for typed metrics and other features.</returns>
    public static IDistributedMetricsBuilder AddDistributedMetrics(
        this IServiceCollection services, Action<DistributedMetricsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddCore(services);
    }

    /// <summary>
    /// Registers distributed metrics with options bound from a configuration section (keys are the option names:
    /// <c>Sqlite</c>, <c>Redis</c>, <c>Prefix</c>, <c>FlushInterval</c>, <c>InstanceId</c>, ...).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>builder.Configuration.GetSection("DistributedMetrics")</c>.</param>
    /// <returns>A builder for typed metrics and other features.</returns>
    public static IDistributedMetricsBuilder AddDistributedMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<DistributedMetricsOptions>(configuration);
        return AddCore(services);
    }

    private static DistributedMetricsBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<DistributedMetricsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DistributedMetricsOptions>, DistributedMetricsOptionsValidator>());
        services.TryAddSingleton(MetricsCreation.Create);
        services.TryAddSingleton<IMetricFactory>(sp => sp.GetRequiredService<DistributedMetrics>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, MetricsFlushService>());
        return new DistributedMetricsBuilder(services);
    }
}
