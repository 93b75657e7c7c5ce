using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// What one update costs the caller, against prometheus-net 8 (the same metrics, label values and default buckets in
/// a registry of its own) and the OpenTelemetry SDK's counter and histogram with the same label values (an in-process
/// MeterProvider exporting every second, as this library flushes every second). The native histogram is set beside
/// the classic one and OpenTelemetry's base-2 exponential histogram, its nearest peer.
/// </summary>
public class HotPathBenchmarks
{
    private const string Method = "GET";
    private const string Route = "/orders/{id}";
    private static readonly KeyValuePair<string, object?> MethodTag = new("method", Method);
    private static readonly KeyValuePair<string, object?> RouteTag = new("route", Route);

    private DistributedMetrics metrics = null!;
    private ICounter counter = null!;
    private ICounterSeries boundCounter = null!;
    private IHistogramSeries boundHistogram = null!;
    private IHistogramSeries boundNativeHistogram = null!;
    private IGaugeSeries boundGauge = null!;
    private ISummarySeries boundSummary = null!;
    private Prometheus.Counter peerCounter = null!;
    private Prometheus.Counter.Child peerBoundCounter = null!;
    private Prometheus.Histogram.Child peerBoundHistogram = null!;
    private Prometheus.Gauge.Child peerBoundGauge = null!;
    private Prometheus.Summary.Child peerBoundSummary = null!;
    private MeterProvider meterProvider = null!;
    private Meter meter = null!;
    private Counter<double> otelCounter = null!;
    private Histogram<double> otelHistogram = null!;
    private Histogram<double> otelExponentialHistogram = null!;
    private long floorCount;

    /// <summary>Declares the metrics and creates their series, so every benchmark updates an existing series.</summary>
    [GlobalSetup]
    public void Setup()
    {
        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        counter = metrics.CreateCounter("requests_total", "Requests.", "method", "route");
        boundCounter = counter.WithLabels(Method, Route);
        boundHistogram = metrics.CreateHistogram("request_duration_seconds", "Duration.", "method", "route").WithLabels(Method, Route);
        boundNativeHistogram = metrics.CreateHistogram("request_duration_native_seconds", "Duration.", new NativeHistogramOptions(), "method", "route")
            .WithLabels(Method, Route);
        boundGauge = metrics.CreateGauge("in_flight", "In flight.", "method", "route").WithLabels(Method, Route);
        boundSummary = metrics.CreateSummary("response_size_bytes", "Response sizes.", "method", "route").WithLabels(Method, Route);

        var peer = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        peerCounter = peer.CreateCounter("requests_total", "Requests.", "method", "route");
        peerBoundCounter = peerCounter.WithLabels(Method, Route);
        peerBoundHistogram = peer.CreateHistogram(
            "request_duration_seconds", "Duration.", new Prometheus.HistogramConfiguration { LabelNames = ["method", "route"], Buckets = PeerDefaults.Buckets })
            .WithLabels(Method, Route);
        peerBoundGauge = peer.CreateGauge("in_flight", "In flight.", "method", "route").WithLabels(Method, Route);
        peerBoundSummary = peer.CreateSummary("response_size_bytes", "Response sizes.", "method", "route").WithLabels(Method, Route);

        meter = new Meter("Prometheus.Distributed.Benchmarks");
        otelCounter = meter.CreateCounter<double>("requests_total");
        otelHistogram = meter.CreateHistogram<double>("request_duration_seconds");
        otelExponentialHistogram = meter.CreateHistogram<double>("request_duration_exponential_seconds");
        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(meter.Name)
            .AddView(otelExponentialHistogram.Name, new Base2ExponentialBucketHistogramConfiguration())
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 1000))
            .Build();
        OpenTelemetry_Counter_Add();
        OpenTelemetry_Histogram_Record();
        OpenTelemetry_ExponentialHistogram_Record();
    }

    /// <summary>Disposes both providers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        meterProvider.Dispose();
        meter.Dispose();
        metrics.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Increments a series selected once (a bound child).</summary>
    [Benchmark]
    public void Counter_Inc() => boundCounter.Inc();

    /// <summary>Selects an existing series by two label values, then increments it.</summary>
    [Benchmark]
    public void Counter_WithLabels_Inc() => counter.WithLabels(Method, Route).Inc();

    /// <summary>Observes into a bound series with the default buckets.</summary>
    [Benchmark]
    public void Histogram_Observe() => boundHistogram.Observe(0.042);

    /// <summary>Observes into a bound native-histogram series (schema 3, the default options).</summary>
    [Benchmark]
    public void NativeHistogram_Observe() => boundNativeHistogram.Observe(0.042);

    /// <summary>Sets a bound gauge series.</summary>
    [Benchmark]
    public void Gauge_Set() => boundGauge.Set(3);

    /// <summary>Observes into a bound summary series (count and sum).</summary>
    [Benchmark]
    public void Summary_Observe() => boundSummary.Observe(512);

    /// <summary>Peer: prometheus-net's bound counter child.</summary>
    [Benchmark]
    public void PrometheusNet_Counter_Inc() => peerBoundCounter.Inc();

    /// <summary>Peer: prometheus-net's child selected by two label values as its users write it (a params array), then incremented.</summary>
    [Benchmark]
    public void PrometheusNet_Counter_WithLabels_Inc() => peerCounter.WithLabels(Method, Route).Inc();

    /// <summary>Peer: prometheus-net's child selected through its span overload (no params array), then incremented.</summary>
    [Benchmark]
    public void PrometheusNet_Counter_WithLabels_Span_Inc() => peerCounter.WithLabels([Method, Route]).Inc();

    /// <summary>Peer: prometheus-net's bound histogram child, the same buckets.</summary>
    [Benchmark]
    public void PrometheusNet_Histogram_Observe() => peerBoundHistogram.Observe(0.042);

    /// <summary>Peer: prometheus-net's bound gauge child.</summary>
    [Benchmark]
    public void PrometheusNet_Gauge_Set() => peerBoundGauge.Set(3);

    /// <summary>Peer: prometheus-net's bound summary child with no quantile objectives (count and sum, as ours).</summary>
    [Benchmark]
    public void PrometheusNet_Summary_Observe() => peerBoundSummary.Observe(512);

    /// <summary>
    /// Reference: one atomic add on a field of this object, what an increment into one shared word costs (the counter
    /// and histogram avoid it with per-thread cells).
    /// </summary>
    [Benchmark]
    public void Floor_Interlocked_Increment() => Interlocked.Increment(ref floorCount);

    /// <summary>Reference: a read then one compare-and-swap of the same field, what a lock-free double add costs (a per-instance gauge's increment).</summary>
    [Benchmark]
    public void Floor_Interlocked_CompareExchange()
    {
        var current = Volatile.Read(ref floorCount);
        Interlocked.CompareExchange(ref floorCount, current + 1, current);
    }

    /// <summary>Peer: OpenTelemetry counter with the same two label values (it has no bound instruments).</summary>
    [Benchmark]
    public void OpenTelemetry_Counter_Add() => otelCounter.Add(1, MethodTag, RouteTag);

    /// <summary>Peer: OpenTelemetry histogram (its default buckets) with the same two label values.</summary>
    [Benchmark]
    public void OpenTelemetry_Histogram_Record() => otelHistogram.Record(0.042, MethodTag, RouteTag);

    /// <summary>Peer: OpenTelemetry's base-2 exponential histogram (160 buckets, its defaults) with the same two label values.</summary>
    [Benchmark]
    public void OpenTelemetry_ExponentialHistogram_Record() => otelExponentialHistogram.Record(0.042, MethodTag, RouteTag);
}
