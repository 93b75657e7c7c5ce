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
}
