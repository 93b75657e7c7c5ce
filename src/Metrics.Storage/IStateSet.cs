namespace Prometheus.Distributed;

/// <summary>
/// A state set (enum) metric: per series one sample per declared state, <c>{name}{labels,{name}="state"}</c>,
/// <c>1</c> for the states that hold and <c>0</c> for the others. Without label names it is itself the one series;
/// with label names, pick a series with <see cref="WithLabels"/>.
/// </summary>
public interface IStateSet : IStateSetSeries, IMetric
{
    /// <summary>The series for these label values, in the order the label names were declared.</summary>
    /// <exception cref="ArgumentException">The count of values differs from the declared label names, or a value is null or too long.</exception>
    IStateSetSeries WithLabels(params ReadOnlySpan<string> labelValues);
}
