using Microsoft.AspNetCore.Http;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>A label of the HTTP metrics computed from the request.</summary>
internal sealed record HttpMetricsLabel(string Name, Func<HttpContext, string?> Value);
