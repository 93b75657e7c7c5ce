namespace Prometheus.Distributed.Exposition;

/// <summary>A native histogram series as a scrape writes it (the protobuf format only): everything every writer added.</summary>
internal interface INativeHistogram
{
    /// <summary>The schema of the bucket keys.</summary>
    int Schema { get; }

    /// <summary>The widest zero threshold any writer used.</summary>
    double ZeroThreshold { get; }

    /// <summary>Observations in the zero bucket.</summary>
    long ZeroCount { get; }

    /// <summary>Observations in all.</summary>
    long Count { get; }

    /// <summary>The sum of the observations.</summary>
    double Sum { get; }

    /// <summary>Counts by bucket key of positive observations, by increasing key.</summary>
    IEnumerable<KeyValuePair<int, long>> PositiveBuckets { get; }

    /// <summary>Counts by bucket key of negative observations' magnitudes, by increasing key.</summary>
    IEnumerable<KeyValuePair<int, long>> NegativeBuckets { get; }
}
