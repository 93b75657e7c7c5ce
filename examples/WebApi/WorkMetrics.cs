using Prometheus.Distributed;

namespace WebApi;

/// <summary>The example's metrics, declared once and injected where work happens.</summary>
public sealed class WorkMetrics(IMetricFactory metrics)
{
    /// <summary>Work items done, by kind.</summary>
    public ICounter Work { get; } = metrics.CreateCounter("example_work_total", "Work items done.", "kind");

    /// <summary>How long a work item took, by kind.</summary>
    public IHistogram Duration { get; } =
        metrics.CreateHistogram("example_work_duration_seconds", "Time spent on one work item.", "kind");

    /// <summary>Work requests being served right now, summed over the live instances only.</summary>
    public IGauge InFlight { get; } =
        metrics.CreateGauge("example_work_in_flight", "Work requests being served now, over live instances.", GaugeMode.LiveSum);
}
