namespace Prometheus.Distributed.Exposition;

/// <summary>One sample of a series a custom collector adds (see <see cref="SeriesSnapshot"/>).</summary>
/// <param name="Suffix">The seed suffix (<c>_total</c>, <c>_bucket</c>, empty for a gauge...), appended to the family name.</param>
/// <param name="Le">A histogram bucket's <c>le</c> label value as stored; null for every other sample.</param>
/// <param name="Value">The value.</param>
/// <param name="Extras">
/// A timestamp and/or exemplar given by a custom collector, or a stored exemplar; null for other samples.
/// </param>
internal readonly record struct SampleSnapshot(string Suffix, string? Le, double Value, SampleExtras? Extras = null);
