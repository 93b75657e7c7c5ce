namespace Prometheus.Distributed.Exposition;

/// <summary>One series a custom collector adds: its labels in output order and its samples in output order.</summary>
/// <param name="Labels">Label names and values, in the order they are written.</param>
/// <param name="Samples">Buckets by increasing bound, then <c>_count</c>, <c>_sum</c>, <c>_created</c> (per the family type).</param>
internal sealed record SeriesSnapshot(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    IReadOnlyList<SampleSnapshot> Samples);
