namespace Prometheus.Distributed;

/// <summary>
/// A summary metric: count and sum, and the quantiles over a sliding window when declared with them
/// (<see cref="SummaryOptions"/>). Without label names it is itself the one series; with label names, pick a series
/// with <see cref="WithLabels"/>.
/// </summary>
public interface ISummary : ISummarySeries, IMetric
{
    /// <summary>The series for these label values, in the order the label names were declared.</summary>
    /// <exception cref="ArgumentException">The count of values differs from the declared label names, or a value is null or too long.</exception>
    ISummarySeries WithLabels(params ReadOnlySpan<string> labelValues);
}
