namespace Prometheus.Distributed;

/// <summary>How the meter bridge (<c>AddMeter</c>) records <c>System.Diagnostics.Metrics</c> instruments.</summary>
public sealed class MeterOptions
{
    /// <summary>
    /// Records each <c>Histogram&lt;T&gt;</c> as a native histogram (<see cref="NativeHistogramOptions"/> defaults, with the
    /// instrument's advised bucket boundaries kept as classic buckets when it has any) instead of a classic one. False
    /// by default. Every process writing the same instrument must choose alike: the store refuses the other declaration.
    /// </summary>
    public bool NativeHistograms { get; set; }
}
