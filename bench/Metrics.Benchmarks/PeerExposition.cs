using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// The peers of the scrape benchmark, each holding the family <see cref="SeriesLoad"/> stores (one counter, 10 000
/// series, one label, each counted once): a prometheus-net registry of its own, and an OpenTelemetry MeterProvider
/// whose Prometheus exporter middleware is served by an in-process <see cref="TestServer"/>. Both are set up to
/// expose only that family: no scrape-response cache, no <c>target_info</c>, no scope labels.
/// </summary>
internal sealed class PeerExposition : IAsyncDisposable
{
    private const string ScrapePath = "/metrics";
    private readonly Prometheus.CollectorRegistry registry;
    private readonly Meter meter;
    private readonly MeterProvider meterProvider;
    private readonly IHost host;
    private readonly HttpClient client;

    private PeerExposition(Prometheus.CollectorRegistry registry, Meter meter, MeterProvider meterProvider, IHost host)
    {
        this.registry = registry;
        this.meter = meter;
        this.meterProvider = meterProvider;
        this.host = host;
        client = host.GetTestClient();
    }

    /// <summary>Fills both peers and starts the test server.</summary>
    public static async Task<PeerExposition> StartAsync()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var counter = Prometheus.Metrics.WithCustomRegistry(registry)
            .CreateCounter(SeriesLoad.CounterName, SeriesLoad.CounterHelp, SeriesLoad.LabelName);
        for (var i = 0; i < SeriesLoad.Count; i++)
        {
            counter.WithLabels(SeriesLoad.Path(i)).Inc();
        }

        var meter = new Meter("Prometheus.Distributed.Benchmarks.Exposition");
        var meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(SeriesLoad.CounterName, new MetricStreamConfiguration { CardinalityLimit = SeriesLoad.Count + 1 })
            .AddPrometheusExporter(o =>
            {
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.TargetInfoEnabled = false;
                o.ScopeInfoEnabled = false;
            })
            .Build();
        var otelCounter = meter.CreateCounter<double>(SeriesLoad.CounterName, unit: null, description: SeriesLoad.CounterHelp);
        for (var i = 0; i < SeriesLoad.Count; i++)
        {
            otelCounter.Add(1, new KeyValuePair<string, object?>(SeriesLoad.LabelName, SeriesLoad.Path(i)));
        }

        var host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseTestServer()
                .Configure(app => app.UseOpenTelemetryPrometheusScrapingEndpoint(
                    meterProvider, predicate: null, ScrapePath, configureBranchedPipeline: null, optionsName: null)))
            .Build();
        await host.StartAsync();
        return new PeerExposition(registry, meter, meterProvider, host);
    }

    /// <summary>prometheus-net's scrape: collects its registry and writes the text exposition.</summary>
    public Task ExportPrometheusNetAsync(Stream destination) => registry.CollectAndExportAsTextAsync(destination);

    /// <summary>OpenTelemetry's scrape: a GET of its middleware through the test server, the body copied out.</summary>
    public async Task ScrapeOpenTelemetryAsync(Stream destination)
    {
        using var response = await client.GetAsync(ScrapePath, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(destination);
    }

    /// <summary>Stops the server and disposes the providers.</summary>
    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await host.StopAsync();
        host.Dispose();
        meterProvider.Dispose();
        meter.Dispose();
    }
}
