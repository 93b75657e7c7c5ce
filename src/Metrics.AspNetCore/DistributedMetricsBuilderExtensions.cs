using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus.Distributed;
using Prometheus.Distributed.AspNetCore.Internal;
using Prometheus.Distributed.AspNetCore.Meters;

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

    /// <summary>
    /// Records the instruments of the named System.Diagnostics.Metrics meters into the store, so every instance's
    /// measurements add up: counters as <c>_total</c> counters, up-down counters as live-sum gauges, histograms (with
    /// the instrument's advised buckets) as histograms, observable instruments polled once per flush interval. Names
    /// follow the Prometheus conventions (<c>http.server.request.duration</c> in <c>s</c> becomes
    /// <c>http_server_request_duration_seconds</c>). The label names of a metric are the tag keys of its instrument: the
    /// documented ones for the well-known instruments of <c>Microsoft.AspNetCore.Hosting</c>,
    /// <c>Microsoft.AspNetCore.Server.Kestrel</c>, <c>System.Net.Http</c> and <c>System.Runtime</c>, those declared with
    /// <see cref="AddInstrumentTags"/>, else those of the instrument's first measurement. A measurement lacking a key gets
    /// the empty value; tags with other keys are dropped and counted in <c>distributed_metrics_meter_tags_dropped_total</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="meterNames">The meter names, e.g. <c>"Microsoft.AspNetCore.Hosting", "System.Net.Http"</c>.</param>
    /// <returns>The builder.</returns>
    public static IDistributedMetricsBuilder AddMeter(this IDistributedMetricsBuilder builder, params string[] meterNames)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(meterNames);
        if (meterNames.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A meter name is null or empty.", nameof(meterNames));
        }

        var names = meterNames.ToArray();
        builder.Services.AddOptions<MeterBridgeOptions>().Configure(o => o.MeterNames.UnionWith(names));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MeterBridgeService>());
        return builder;
    }

    /// <summary>
    /// Declares the tag keys of one instrument of your own, so its metric has these labels in every instance whatever
    /// tags its first measurement carries: a measurement lacking a key gets the empty value, a tag with another key is
    /// dropped and counted. Replaces the built-in declaration of a well-known instrument. Takes effect for meters added
    /// with <see cref="AddMeter"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="meterName">The meter, e.g. <c>"Shop.Orders"</c>.</param>
    /// <param name="instrumentName">The instrument, e.g. <c>"orders.placed"</c>.</param>
    /// <param name="tagKeys">The tag keys, e.g. <c>"country", "payment.method"</c> (labels <c>country</c>, <c>payment_method</c>).</param>
    /// <returns>The builder.</returns>
    public static IDistributedMetricsBuilder AddInstrumentTags(
        this IDistributedMetricsBuilder builder, string meterName, string instrumentName, params string[] tagKeys)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(meterName);
        ArgumentException.ThrowIfNullOrWhiteSpace(instrumentName);
        ArgumentNullException.ThrowIfNull(tagKeys);
        if (tagKeys.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"A tag key of instrument '{instrumentName}' of meter '{meterName}' is null or empty.", nameof(tagKeys));
        }

        string[] keys = [.. tagKeys];
        builder.Services.AddOptions<MeterBridgeOptions>().Configure(o => o.InstrumentTags[(meterName, instrumentName)] = keys);
        return builder;
    }
}
