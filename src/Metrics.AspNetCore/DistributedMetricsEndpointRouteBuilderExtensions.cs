using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus.Distributed;
using Prometheus.Distributed.AspNetCore.Internal;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the aggregated metrics endpoint.</summary>
public static class DistributedMetricsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves every metric in the store (all instances and processes) at <paramref name="pattern"/>: Prometheus
    /// text 0.0.4, or OpenMetrics 1.0.0 when the scraper's <c>Accept</c> header asks for it; 503 with a short
    /// text body when the store cannot be read within <see cref="DistributedMetricsOptions.ScrapeTimeout"/>. Answers
    /// <c>GET</c> and <c>HEAD</c>; any other method gets 405 with <c>Allow: GET, HEAD</c>.
    /// </summary>
    /// <param name="endpoints">The route builder, e.g. the <c>WebApplication</c>.</param>
    /// <param name="pattern">The route pattern. Default <c>/metrics</c>.</param>
    /// <returns>A builder to add conventions such as <c>RequireAuthorization()</c> or <c>RequireHost(...)</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddDistributedMetrics</c> was not called.</exception>
    public static IEndpointConventionBuilder MapDistributedMetrics(
        this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        if (endpoints.ServiceProvider.GetService(typeof(IMetricFactory)) is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddDistributedMetrics(...)' in the application's service configuration.");
        }

        var endpoint = ActivatorUtilities.CreateInstance<MetricsEndpoint>(endpoints.ServiceProvider);

        // GET and HEAD only: routing answers any other method with 405 and an Allow header naming these two.
        return endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], endpoint.HandleAsync)
            .WithDisplayName("Distributed metrics")
            .WithMetadata(MetricsEndpointMarker.Instance);
    }
}
