using System.Globalization;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus.Distributed.Stores;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// Serves the exposition aggregated over every process. Reads the whole snapshot from the store before the
/// response starts, so a store that cannot be read within the scrape timeout becomes a short 503, never a hang
/// or a half-written body. The bound is the smaller of <see cref="DistributedMetricsOptions.ScrapeTimeout"/> and the
/// scraper's own timeout (<c>X-Prometheus-Scrape-Timeout-Seconds</c>); the body is gzipped when the scraper accepts it.
/// </summary>
internal sealed partial class MetricsEndpointMiddleware(
    RequestDelegate next,
    DistributedMetrics metrics,
    IOptions<DistributedMetricsOptions> options,
    ILogger<MetricsEndpointMiddleware> logger)
{
    private const string ScrapeTimeoutHeader = "X-Prometheus-Scrape-Timeout-Seconds";

    private readonly TimeSpan scrapeTimeout = options.Value.ScrapeTimeout;

    /// <summary>Handles a scrape; the next delegate is not called.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        _ = next;
        var (format, escaping) = ExpositionNegotiation.Negotiate(context.Request.Headers.Accept);
        var bound = Bound(context.Request.Headers[ScrapeTimeoutHeader]);
        MetricsSnapshot snapshot;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(bound);
            try
            {
                snapshot = await metrics.CollectAsync(timeout.Token).ConfigureAwait(false);
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

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = escaping is { } asked
            ? MetricsSnapshot.GetContentType(format, asked)
            : MetricsSnapshot.GetContentType(format);
        context.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (!ExpositionNegotiation.AcceptsGzip(context.Request.Headers.AcceptEncoding))
        {
            await WriteAsync(snapshot, context.Response.Body, format, escaping, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.ContentEncoding = "gzip";
        var gzip = new GZipStream(context.Response.Body, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await WriteAsync(snapshot, gzip, format, escaping, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>Writes with the escaping the scraper asked for, or the configured default when it asked for none.</summary>
    private static Task WriteAsync(
        MetricsSnapshot snapshot, Stream body, ExpositionFormat format, NameEscapingScheme? escaping, CancellationToken cancellationToken) =>
        escaping is { } asked
            ? snapshot.WriteAsync(body, format, asked, cancellationToken)
            : snapshot.WriteAsync(body, format, cancellationToken);

    /// <summary>The scrape timeout, shortened to the scraper's own when its header names a smaller positive one.</summary>
    private TimeSpan Bound(string? header) =>
        double.TryParse(header, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && seconds < scrapeTimeout.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : scrapeTimeout;

    [LoggerMessage(3, LogLevel.Warning, "The metrics store could not be read for a scrape; answered 503.")]
    private static partial void LogStoreUnreadable(ILogger logger, Exception exception);
}
