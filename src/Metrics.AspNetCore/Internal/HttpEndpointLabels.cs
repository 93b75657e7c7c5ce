using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// What a request's endpoint means to the HTTP metrics: whether it is a metrics endpoint (not recorded) and its route
/// template. Worked out once per endpoint and kept as long as the endpoint lives, so a request reads its metadata
/// and route pattern with one lookup instead of a metadata search and a pattern read at both its start and its end.
/// </summary>
internal sealed class HttpEndpointLabels
{
    private static readonly ConditionalWeakTable<Endpoint, HttpEndpointLabels> ByEndpoint = [];

    /// <summary>The labels of a request that matched no endpoint: recorded, with the empty route.</summary>
    private static readonly HttpEndpointLabels NoEndpoint = new(isMetricsEndpoint: false, route: string.Empty);

    private HttpEndpointLabels(bool isMetricsEndpoint, string route)
    {
        IsMetricsEndpoint = isMetricsEndpoint;
        Route = route;
    }

    /// <summary>True on the endpoints of <c>MapDistributedMetrics</c>, whose requests are not recorded.</summary>
    public bool IsMetricsEndpoint { get; }

    /// <summary>The matched route template, e.g. <c>/orders/{id}</c>; empty when there is none.</summary>
    public string Route { get; }

    /// <summary>The labels of a request's endpoint: null when it matched none (or routing has not run yet).</summary>
    public static HttpEndpointLabels Of(Endpoint? endpoint) =>
        endpoint is null ? NoEndpoint : ByEndpoint.GetValue(endpoint, Create);

    private static HttpEndpointLabels Create(Endpoint endpoint) => new(
        endpoint.Metadata.GetMetadata<MetricsEndpointMarker>() is not null,
        (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? string.Empty);
}
