namespace Prometheus.Distributed;

/// <summary>One series of a counter: a value that only goes up, summed over every process that writes it.</summary>
public interface ICounterSeries : IMetricSeries
{
    /// <summary>
    /// Adds <paramref name="increment"/> to the series. Never waits on the store: the delta is merged in
    /// memory and sent by the next flush.
    /// </summary>
    /// <param name="increment">A finite, non-negative amount; 1 by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">The increment is negative, NaN or infinite.</exception>
    void Inc(double increment = 1);
}
