namespace Prometheus.Distributed.Exposition;

/// <summary>What a custom collector may attach to a sample beyond its value.</summary>
/// <param name="TimestampMilliseconds">The sample's unix time in milliseconds, or null for "now" (no timestamp written).</param>
/// <param name="Exemplar">An exemplar (OpenMetrics only; counters' <c>_total</c> and buckets), or null.</param>
internal sealed record SampleExtras(long? TimestampMilliseconds, Exemplar? Exemplar);
