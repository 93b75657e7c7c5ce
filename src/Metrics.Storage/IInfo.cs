namespace Prometheus.Distributed;

/// <summary>
/// An info metric: information carried as labels, e.g. the build version, written as <c>{name}_info{labels} 1</c>.
/// Without label names it is itself the one series; with label names, pick a series with <see cref="WithLabels"/>.
/// </summary>
public interface IInfo : IInfoSeries, IMetric
{
    /// <summary>The series for these label values, in the order the label names were declared.</summary>
    /// <exception cref="ArgumentException">The count of values differs from the declared label names, or a value is null or too long.</exception>
    IInfoSeries WithLabels(params ReadOnlySpan<string> labelValues);
}
