using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Records every request except the metrics endpoint's: in progress while the rest of the pipeline runs, then
/// counted and timed with the status code sent (500 when an exception escapes before the response started).
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, HttpRequestMetrics metrics)
{
    /// <summary>Runs the rest of the pipeline between recording the request's start and its end.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var arrived = HttpEndpointLabels.Of(endpoint);
        if (arrived.IsMetricsEndpoint)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var inProgress = metrics.InProgress(context, arrived.Route);
        inProgress.Inc();
        var started = Stopwatch.GetTimestamp();
        var escaped = true;
        try
        {
            await next(context).ConfigureAwait(false);
            escaped = false;
        }
        finally
        {
            inProgress.Dec();
            var answeredBy = context.GetEndpoint();
            var answered = ReferenceEquals(answeredBy, endpoint) ? arrived : HttpEndpointLabels.Of(answeredBy);
            if (!answered.IsMetricsEndpoint)
            {
                var code = escaped && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
                metrics.Record(context, answered.Route, code, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
    }
}
