namespace Prometheus.Distributed;

/// <summary>One cumulative bucket of a histogram or gauge histogram given by a collector.</summary>
/// <param name="UpperBound">The bucket's inclusive upper bound (<c>le</c>); the last bucket must be <see cref="double.PositiveInfinity"/>.</param>
/// <param name="CumulativeCount">How many observations were at or below <paramref name="UpperBound"/>.</param>
/// <param name="Exemplar">An optional exemplar for this bucket (OpenMetrics only).</param>
public readonly record struct HistogramBucket(double UpperBound, double CumulativeCount, Exemplar? Exemplar = null);
