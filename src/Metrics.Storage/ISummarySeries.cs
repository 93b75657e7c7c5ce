namespace Prometheus.Distributed;

/// <summary>
/// One series of a summary: count and sum of observations, summed over every process that writes it, and, when declared
/// with quantiles, the quantiles of the observations of every process within the window.
/// </summary>
public interface ISummarySeries : IMetricSeries
{
    /// <summary>Records one observation. Never waits on the store.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN.</exception>
    void Observe(double value);
}
