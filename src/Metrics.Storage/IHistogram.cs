namespace Prometheus.Distributed;

/// <summary>
/// A histogram metric. Without label names it is itself the one series; with label names, pick a series with
/// <see cref="WithLabels"/>.
/// </summary>
public interface IHistogram : IHistogramSeries, IMetric
{
    /// <summary>The series for these label values, in the order the label names were declared.</summary>
    /// <exception cref="ArgumentException">The count of values differs from the declared label names, or a value is null or too long.</exception>
    IHistogramSeries WithLabels(params ReadOnlySpan<string> labelValues);
}
