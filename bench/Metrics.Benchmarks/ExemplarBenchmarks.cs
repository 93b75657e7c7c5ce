using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// What exemplar capture costs the hot path: updates inside a sampled <see cref="Activity"/> (the series keeps one
/// exemplar per flush, taken by the flusher every second; the other updates see a full slot and skip), and an update
/// with capture switched off (<see cref="DistributedMetricsOptions.Exemplars"/> false), to compare with
/// <c>HotPathBenchmarks.Counter_Inc</c>, which looks at <see cref="Activity.Current"/> and finds none.
/// </summary>
public class ExemplarBenchmarks
{
    private DistributedMetrics metrics = null!;
    private DistributedMetrics metricsWithoutExemplars = null!;
    private ICounterSeries boundCounter = null!;
    private IHistogramSeries boundHistogram = null!;
    private ICounterSeries counterWithoutExemplars = null!;
    private ActivitySource source = null!;
    private ActivityListener listener = null!;
    private Activity activity = null!;

    /// <summary>Starts a sampled activity that stays current on this thread, and creates the series.</summary>
    [GlobalSetup]
    public void Setup()
    {
        source = new ActivitySource("Prometheus.Distributed.Benchmarks.Exemplars");
        listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        boundCounter = metrics.CreateCounter("requests_total", "Requests.", "method", "route").WithLabels("GET", "/orders/{id}");
        boundHistogram = metrics.CreateHistogram("request_duration_seconds", "Duration.", "method", "route").WithLabels("GET", "/orders/{id}");
        metricsWithoutExemplars = DistributedMetrics.Create(o =>
        {
            o.InMemory = true;
            o.Exemplars = false;
        });
        counterWithoutExemplars = metricsWithoutExemplars.CreateCounter("requests_total", "Requests.", "method", "route")
            .WithLabels("GET", "/orders/{id}");
        activity = source.StartActivity("request") ?? throw new InvalidOperationException("The activity was not sampled.");
    }

    /// <summary>Stops the activity and disposes both instances.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (Activity.Current != activity)
        {
            throw new InvalidOperationException("The benchmarks ran outside the sampled activity; the figures are not valid.");
        }

        activity.Dispose();
        listener.Dispose();
        source.Dispose();
        metrics.DisposeAsync().AsTask().GetAwaiter().GetResult();
        metricsWithoutExemplars.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Increments a bound series inside a sampled activity.</summary>
    [Benchmark]
    public void Counter_Inc_WithActivity() => boundCounter.Inc();

    /// <summary>Observes into a bound series (default buckets) inside a sampled activity.</summary>
    [Benchmark]
    public void Histogram_Observe_WithActivity() => boundHistogram.Observe(0.042);

    /// <summary>Increments a bound series of an instance whose exemplar capture is off.</summary>
    [Benchmark]
    public void Counter_Inc_ExemplarsOff() => counterWithoutExemplars.Inc();
}
