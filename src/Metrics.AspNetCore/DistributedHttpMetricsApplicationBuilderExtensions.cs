using Microsoft.Extensions.DependencyInjection;
using Prometheus.Distributed;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds HTTP request metrics to the pipeline.</summary>
public static class DistributedHttpMetricsApplicationBuilderExtensions
{
    /// <summary>
    /// Records every request into the shared store: <c>http_requests_received_total{code,method,route}</c>,
    /// <c>http_request_duration_seconds{code,method,route}</c> (histogram, default buckets) and
    /// <c>http_requests_in_progress{method,route}</c> (a <see cref="GaugeMode.LiveSum"/> gauge). <c>route</c> is the
    /// matched route template, never the raw path; requests that matched no endpoint get the empty value; the
    /// endpoints of <c>MapDistributedMetrics</c> are not recorded. Call it after <c>UseRouting()</c> (in a
    /// <c>WebApplication</c> that does not call <c>UseRouting()</c>, anywhere: routing runs first) and before the
    /// middleware whose time should count, e.g. before authentication.
    /// </summary>
    /// <param name="app">The application builder.</param>
    /// <param name="configure">Changes the prefix, drops default labels or adds labels of your own.</param>
    /// <returns>The application builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddDistributedMetrics</c> was not called.</exception>
    /// <exception cref="ArgumentException">The prefix or a label name is invalid or used twice.</exception>
    public static IApplicationBuilder UseDistributedHttpMetrics(this IApplicationBuilder app, Action<HttpMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var factory = app.ApplicationServices.GetService<IMetricFactory>() ?? throw new InvalidOperationException(
            "Unable to find the required services. Add them by calling 'services.AddDistributedMetrics(...)' in the application's service configuration.");
        var options = new HttpMetricsOptions();
        configure?.Invoke(options);
        options.Validate();
        return app.UseMiddleware<HttpMetricsMiddleware>(new HttpRequestMetrics(factory, options));
    }
}
