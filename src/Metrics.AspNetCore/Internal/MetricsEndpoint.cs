using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Serves the exposition aggregated over every process: a terminal <see cref="RequestDelegate"/>
/// (<see cref="HandleAsync"/>). The body is read from the store and encoded a family at a time, whole, before the
/// response starts (<see cref="DistributedMetrics.ScrapeAsync"/>), so a store that cannot be read — at the first
/// family or the last — within the scrape timeout becomes a short 503, never a hang or a truncated 200 that looks
/// complete; the body is sent with its length. The bound is the smaller of
/// <see cref="DistributedMetricsOptions.ScrapeTimeout"/> and the scraper's own timeout
/// (<c>X-Prometheus-Scrape-Timeout-Seconds</c>); the body is gzipped when the scraper accepts it.
/// </summary>
internal sealed partial class MetricsEndpoint(
    DistributedMetrics metrics,
    IOptions<DistributedMetricsOptions> options,
    ILogger<MetricsEndpoint> logger)
{
    private const string ScrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

    private readonly TimeSpan scrapeTimeout = options.Value.ScrapeTimeout;

    /// <summary>Answers a scrape (<c>GET</c>, or <c>HEAD</c> without the body).</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var (format, escaping) = ExpositionNegotiation.Negotiate(context.Request.Headers.Accept);
        var gzip = ExpositionNegotiation.AcceptsGzip(context.Request.Headers.AcceptEncoding);
        var bound = Bound(context.Request.Headers[ScrapeTimeoutHeader]);
        Exposition.ScrapeBody body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(bound);
            try
            {
                body = await metrics.ScrapeAsync(format, escaping, gzip, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
            {
                LogStoreUnreadable(logger, e);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(
                    e switch
                    {
                        OperationCanceledException => string.Create(CultureInfo.InvariantCulture, $"Metrics store did not answer within {bound.TotalSeconds:0.###} s.\n"),
                        StoreAccessException refused => $"Metrics store cannot be read: {refused.Problem}.\n",
                        _ => "Metrics store cannot be read.\n",
                    },
                    context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        try
        {
            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = escaping is { } asked
                ? MetricsSnapshot.GetContentType(format, asked)
                : MetricsSnapshot.GetContentType(format);
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (gzip)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            response.ContentLength = body.Length;
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await body.WriteToAsync(response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            body.Release();
        }
    }

    /// <summary>The scrape timeout, shortened to the scraper's own when its header names a smaller positive one.</summary>
    private TimeSpan Bound(string? header) =>
        double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && seconds < scrapeTimeout.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : scrapeTimeout;

    [LoggerMessage(3, LogLevel.Warning, "The metrics store could not be read for a scrape; answered 503.")]
    private static partial void LogStoreUnreadable(ILogger logger, Exception exception);
}
