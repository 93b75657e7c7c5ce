namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Endpoint metadata on the endpoints of <c>MapDistributedMetrics</c>: the HTTP metrics skip their requests.</summary>
internal sealed class MetricsEndpointMarker
{
    public static readonly MetricsEndpointMarker Instance = new();

    private MetricsEndpointMarker()
    {
    }
}
