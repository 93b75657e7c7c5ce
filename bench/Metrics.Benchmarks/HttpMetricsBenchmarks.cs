using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Prometheus.HttpMetrics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// What <c>UseDistributedHttpMetrics</c> adds to one request, in process: the same pipeline (a terminal that answers
/// 200) with and without the middleware, on a request whose endpoint and route template are set as routing sets them,
/// so every request records into existing series. Peer: prometheus-net's <c>UseHttpMetrics()</c> in the same pipeline,
/// given metrics with our labels (status code, method, route template; in progress by method and route template) and
/// our duration buckets, in a registry of its own.
/// </summary>
public class HttpMetricsBenchmarks
{
    private ServiceProvider services = null!;
    private RequestDelegate withoutMetrics = null!;
    private RequestDelegate withMetrics = null!;
    private RequestDelegate withPeerMetrics = null!;
    private DefaultHttpContext context = null!;

    /// <summary>Builds both pipelines over an in-memory store and sends one request through each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection()
            .AddDistributedMetrics(o => o.InMemory = true)
            .Services
            .BuildServiceProvider();
        withoutMetrics = Pipeline(app => { });
        withMetrics = Pipeline(app => app.UseDistributedHttpMetrics());
        withPeerMetrics = Pipeline(app => app.UseHttpMetrics(PeerOptions));

        context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/work/a";
        context.SetEndpoint(new RouteEndpoint(
            Answer, RoutePatternFactory.Parse("/work/{kind}"), order: 0, EndpointMetadataCollection.Empty, "work"));
        context.Request.RouteValues["kind"] = "a";
        withMetrics(context).GetAwaiter().GetResult();
        withPeerMetrics(context).GetAwaiter().GetResult();
    }

    /// <summary>Disposes the services and the metrics.</summary>
    [GlobalCleanup]
    public void Cleanup() => services.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Baseline: the pipeline without HTTP metrics.</summary>
    [Benchmark(Baseline = true)]
    public Task Request_Without_HttpMetrics() => withoutMetrics(context);

    /// <summary>The same pipeline after <c>UseDistributedHttpMetrics()</c> with its default labels.</summary>
    [Benchmark]
    public Task Request_With_HttpMetrics() => withMetrics(context);

    /// <summary>Peer: the same pipeline after prometheus-net's <c>UseHttpMetrics()</c>.</summary>
    [Benchmark]
    public Task Request_With_PrometheusNet_HttpMetrics() => withPeerMetrics(context);

    private static void PeerOptions(HttpMiddlewareExporterOptions options)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        string[] requestLabels = ["method", "endpoint"];
        string[] answerLabels = ["code", .. requestLabels];
        options.SetMetricFactory(factory);
        options.RequestCount.Counter = factory.CreateCounter("http_requests_received_total", "HTTP requests answered.", answerLabels);
        options.RequestDuration.Histogram = factory.CreateHistogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, in seconds.",
            new HistogramConfiguration { LabelNames = answerLabels, Buckets = PeerDefaults.Buckets });
        options.InProgress.Gauge = factory.CreateGauge("http_requests_in_progress", "HTTP requests being answered now.", requestLabels);
    }

    private static Task Answer(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private RequestDelegate Pipeline(Action<ApplicationBuilder> configure)
    {
        var app = new ApplicationBuilder(services);
        configure(app);
        app.Run(Answer);
        return app.Build();
    }
}
