using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Serves the exposition aggregated over every process. Reads the whole snapshot from the store before the
/// response starts, so a store that cannot be read within the scrape timeout becomes a short 503, never a hang
/// or a half-written body.
/// </summary>
internal sealed partial class MetricsEndpointMiddleware(
    RequestDelegate next,
    DistributedMetrics metrics,
    IOptions<DistributedMetricsOptions> options,
    ILogger<MetricsEndpointMiddleware> logger)
{
    private readonly TimeSpan scrapeTimeout = options.Value.ScrapeTimeout;

    /// <summary>Handles a scrape; the next delegate is not called.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        _ = next;
        var format = ExpositionNegotiation.Choose(context.Request.Headers.Accept);
        MetricsSnapshot snapshot;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(scrapeTimeout);
            try
            {
                snapshot = await metrics.CollectAsync(timeout.Token).WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                LogStoreUnreadable(logger, e);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(
                    e is OperationCanceledException
                        ? $"Metrics store did not answer within {scrapeTimeout.TotalSeconds:0.###} s.\n"
                        : "Metrics store cannot be read.\n",
                    context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = MetricsSnapshot.GetContentType(format);
        await snapshot.WriteAsync(context.Response.Body, format, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(3, LogLevel.Warning, "The metrics store could not be read for a scrape; answered 503.")]
    private static partial void LogStoreUnreadable(ILogger logger, Exception exception);
}
