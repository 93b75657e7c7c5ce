namespace Prometheus.Distributed;

/// <summary>
/// One series of a gauge. With the default <c>MostRecent</c> aggregation every process shares one value:
/// the last <see cref="Set"/> wins and <see cref="Inc"/>/<see cref="Dec"/> add atomically.
/// </summary>
public interface IGaugeSeries : IMetricSeries
{
    /// <summary>Sets the shared value.</summary>
    /// <param name="value">Any value, including infinities and NaN.</param>
    void Set(double value);

    /// <summary>Adds <paramref name="increment"/> to the shared value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The increment is NaN or infinite.</exception>
    void Inc(double increment = 1);

    /// <summary>Subtracts <paramref name="decrement"/> from the shared value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The decrement is NaN or infinite.</exception>
    void Dec(double decrement = 1);
}
