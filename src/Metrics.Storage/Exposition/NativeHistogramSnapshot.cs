namespace Prometheus.Distributed.Exposition;

/// <summary>A native histogram series as a scrape writes it (the protobuf format only): everything every writer added.</summary>
/// <param name="Schema">The schema of the bucket keys.</param>
/// <param name="ZeroThreshold">The widest zero threshold any writer used.</param>
/// <param name="ZeroCount">Observations in the zero bucket.</param>
/// <param name="Count">Observations in all.</param>
/// <param name="Sum">The sum of the observations.</param>
/// <param name="Positive">Counts by bucket key of positive observations, by increasing key.</param>
/// <param name="Negative">Counts by bucket key of negative observations' magnitudes, by increasing key.</param>
internal sealed record NativeHistogramSnapshot(
    int Schema,
    double ZeroThreshold,
    long ZeroCount,
    long Count,
    double Sum,
    IReadOnlyList<KeyValuePair<int, long>> Positive,
    IReadOnlyList<KeyValuePair<int, long>> Negative);
