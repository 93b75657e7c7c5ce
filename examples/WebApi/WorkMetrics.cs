using Prometheus.Distributed;

namespace WebApi;

/// <summary>The example's metrics, declared once and injected where work happens.</summary>
public sealed class WorkMetrics(IMetricFactory metrics)
{
    /// <summary>Work items done, by kind.</summary>
    public ICounter Work { get; } = metrics.CreateCounter("example_work_total", "Work items done.", "kind");

    /// <summary>
    /// How long a work item took, by kind: classic buckets for the text formats and native ones, which a Prometheus with
    /// <c>--enable-feature=native-histograms</c> scrapes over protobuf.
    /// </summary>
    public IHistogram Duration { get; } = metrics.CreateHistogram(
        "example_work_duration_seconds",
        "Time spent on one work item.",
        new NativeHistogramOptions { ClassicBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0] },
        "kind");

    /// <summary>
    /// How long a work item took, by kind, as quantiles (p50, p90, p99) of every instance's work items over the last
    /// 10 minutes: one summary for the whole fleet, not an average of per-instance quantiles.
    /// </summary>
    public ISummary Latency { get; } = metrics.CreateSummary(
        "example_work_latency_seconds",
        "Time spent on one work item: quantiles over the last 10 minutes of every instance.",
        quantiles: [0.5, 0.9, 0.99],
        "kind");

    /// <summary>Work requests being served right now, summed over the live instances only.</summary>
    public IGauge InFlight { get; } =
        metrics.CreateGauge("example_work_in_flight", "Work requests being served now, over live instances.", GaugeMode.LiveSum);
}
