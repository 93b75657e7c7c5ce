using System.Diagnostics;
using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// What the Meter bridge (<c>AddMeter("Microsoft.AspNetCore.Hosting")</c>) adds to the measurements ASP.NET Core's
/// hosting makes for one request: <c>http.server.active_requests</c> up and down with two tags and
/// <c>http.server.request.duration</c> with its usual five, built in a <see cref="TagList"/> as hosting builds them.
/// Against the same measurements on a meter nobody listens to, and OpenTelemetry's SDK listening to an identical meter
/// (in-process MeterProvider exporting every second, as the library flushes every second), in the same run.
/// </summary>
public class MeterBridgeBenchmarks
{
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private static readonly object Status200 = 200;
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private ServiceProvider services = null!;
    private List<IHostedService> hostedServices = null!;
    private MeterProvider meterProvider = null!;
    private HostingInstruments unobserved = null!;
    private HostingInstruments bridged = null!;
    private HostingInstruments openTelemetry = null!;

    /// <summary>Starts the bridge and the OpenTelemetry provider, each on its own meter, and records one request on each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        unobserved = new HostingInstruments("Prometheus.Distributed.Benchmarks.Unobserved");
        bridged = new HostingInstruments(HostingMeter);
        openTelemetry = new HostingInstruments("Prometheus.Distributed.Benchmarks.OpenTelemetry");

        services = new ServiceCollection()
            .AddLogging()
            .AddDistributedMetrics(o => o.InMemory = true)
            .AddMeter(HostingMeter)
            .Services
            .BuildServiceProvider();
        hostedServices = [.. services.GetServices<IHostedService>()];
        foreach (var service in hostedServices)
        {
            service.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(openTelemetry.Meter.Name)
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 1000))
            .Build();

        Request_Unobserved();
        Request_Bridged();
        Request_OpenTelemetry();
    }

    /// <summary>Stops the bridge and the provider, and disposes the meters.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var service in hostedServices)
        {
            service.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        meterProvider.Dispose();
        unobserved.Meter.Dispose();
        bridged.Meter.Dispose();
        openTelemetry.Meter.Dispose();
    }

    /// <summary>Baseline: the three measurements with no listener.</summary>
    [Benchmark(Baseline = true)]
    public void Request_Unobserved() => unobserved.Request();

    /// <summary>The three measurements recorded into the store's metrics by the bridge.</summary>
    [Benchmark]
    public void Request_Bridged() => bridged.Request();

    /// <summary>Peer: the three measurements aggregated by OpenTelemetry's SDK.</summary>
    [Benchmark]
    public void Request_OpenTelemetry() => openTelemetry.Request();

    /// <summary>One <c>http.server.request.duration</c> measurement recorded by the bridge.</summary>
    [Benchmark]
    public void Duration_Record_Bridged() => bridged.Duration();

    /// <summary>Peer: one <c>http.server.request.duration</c> measurement aggregated by OpenTelemetry's SDK.</summary>
    [Benchmark]
    public void Duration_Record_OpenTelemetry() => openTelemetry.Duration();

    /// <summary>A meter with hosting's two request instruments, measured as hosting measures a GET answered 200.</summary>
    private sealed class HostingInstruments
    {
        private readonly UpDownCounter<long> activeRequests;
        private readonly Histogram<double> requestDuration;

        public HostingInstruments(string meterName)
        {
            Meter = new Meter(meterName);
            activeRequests = Meter.CreateUpDownCounter<long>(
                "http.server.active_requests", unit: "{request}", description: "Number of active HTTP server requests.");
            requestDuration = Meter.CreateHistogram(
                "http.server.request.duration",
                unit: "s",
                description: "Duration of HTTP server requests.",
                tags: null,
                advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        }

        public Meter Meter { get; }

        public void Request()
        {
            var tags = RequestTags();
            activeRequests.Add(1, tags);
            activeRequests.Add(-1, tags);
            Duration();
        }

        public void Duration()
        {
            var tags = RequestTags();
            tags.Add("network.protocol.version", "1.1");
            tags.Add("http.response.status_code", Status200);
            tags.Add("http.route", "/work/{kind}");
            requestDuration.Record(0.0042, tags);
        }

        private static TagList RequestTags() => new()
        {
            { "url.scheme", "http" },
            { "http.request.method", "GET" },
        };
    }
}
