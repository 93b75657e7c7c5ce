namespace Prometheus.Distributed;

/// <summary>One series of a histogram: bucket counts, count and sum, summed over every process that writes it.</summary>
public interface IHistogramSeries : IMetricSeries
{
    /// <summary>Records one observation. Never waits on the store.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN.</exception>
    void Observe(double value);
}
