namespace Prometheus.Distributed.Exposition;

/// <summary>One sample of a series a custom collector adds (see <see cref="SeriesSnapshot"/>).</summary>
/// <param name="Suffix">The seed suffix (<c>_total</c>, <c>_bucket</c>, empty for a gauge...), appended to the family name.</param>
/// <param name="Bound">
/// The value of the label that tells a series' samples apart (<see cref="TableSample.BoundLabel"/>): a histogram
/// bucket's <c>le</c> as stored, or a summary quantile sample's <c>quantile</c>; null for every other sample.
/// </param>
/// <param name="Value">The value.</param>
/// <param name="Extras">
/// A timestamp and/or exemplar given by a custom collector, or a stored exemplar; null for other samples.
/// </param>
internal readonly record struct SampleSnapshot(string Suffix, string? Bound, double Value, SampleExtras? Extras = null)
{
    /// <summary>The label a summary's quantile samples carry.</summary>
    public const string Quantile = "quantile";
}
