using Microsoft.AspNetCore.Http;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>
/// The three HTTP metrics and the labels chosen by <see cref="HttpMetricsOptions"/>. Label values come from cached
/// strings (status code, method, route template) and are gathered in a per-thread buffer, so recording a request
/// into an existing series allocates nothing.
/// </summary>
internal sealed class HttpRequestMetrics
{
    [ThreadStatic]
    private static string[]? labelBuffer;

    private readonly ICounter received;
    private readonly IHistogram duration;
    private readonly IGauge inProgress;
    private readonly bool includeCode;
    private readonly bool includeMethod;
    private readonly bool includeRoute;
    private readonly HttpMetricsLabel[] customLabels;
    private readonly int defaultLabelCount;

    public HttpRequestMetrics(IMetricFactory factory, HttpMetricsOptions options)
    {
        includeCode = options.IncludeStatusCode;
        includeMethod = options.IncludeMethod;
        includeRoute = options.IncludeRoute;
        customLabels = [.. options.CustomLabels];
        string[] requestLabels = [.. RequestLabelNames(), .. customLabels.Select(l => l.Name)];
        string[] labels = includeCode ? ["code", .. requestLabels] : requestLabels;
        defaultLabelCount = labels.Length - customLabels.Length;

        var prefix = options.Prefix;
        received = factory.CreateCounter(
            prefix + "_requests_received_total", "HTTP requests answered, by status code, method and route template.", labels);
        duration = factory.CreateHistogram(
            prefix + "_request_duration_seconds", "Time from receiving an HTTP request to answering it, in seconds.", labels);
        inProgress = factory.CreateGauge(
            prefix + "_requests_in_progress", "HTTP requests being answered now, over live instances.", GaugeMode.LiveSum, requestLabels);
    }

    /// <summary>The in-progress series of a request that is arriving at <paramref name="route"/>.</summary>
    public IGaugeSeries InProgress(HttpContext context, string route)
    {
        var values = Buffer();
        var count = FillRequestLabels(values, 0, context, route);
        count = FillCustomLabels(values, count, context);
        return inProgress.WithLabels(values.AsSpan(0, count));
    }

    /// <summary>Counts a request answered by <paramref name="route"/> and observes its duration.</summary>
    public void Record(HttpContext context, string route, int statusCode, double seconds)
    {
        var values = Buffer();
        var count = 0;
        if (includeCode)
        {
            values[count++] = HttpLabelValues.StatusCode(statusCode);
        }

        count = FillRequestLabels(values, count, context, route);
        count = FillCustomLabels(values, count, context);
        var labels = values.AsSpan(0, count);
        received.WithLabels(labels).Inc();
        duration.WithLabels(labels).Observe(seconds);
    }

    private IEnumerable<string> RequestLabelNames()
    {
        if (includeMethod)
        {
            yield return "method";
        }

        if (includeRoute)
        {
            yield return "route";
        }
    }

    private string[] Buffer()
    {
        var size = defaultLabelCount + customLabels.Length;
        var buffer = labelBuffer;
        if (buffer is null || buffer.Length < size)
        {
            buffer = labelBuffer = new string[Math.Max(size, 8)];
        }

        return buffer;
    }

    private int FillRequestLabels(string[] values, int count, HttpContext context, string route)
    {
        if (includeMethod)
        {
            values[count++] = HttpLabelValues.Method(context.Request.Method);
        }

        if (includeRoute)
        {
            values[count++] = route;
        }

        return count;
    }

    private int FillCustomLabels(string[] values, int count, HttpContext context)
    {
        foreach (var label in customLabels)
        {
            values[count++] = label.Value(context) ?? string.Empty;
        }

        return count;
    }
}
