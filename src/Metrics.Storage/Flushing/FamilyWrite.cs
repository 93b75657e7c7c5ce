using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Flushing;

/// <summary>The changes of one metric family in one flush, with the family's metadata.</summary>
/// <param name="Metadata">What the writing process declared; <see cref="MetricMetadata.Name"/> is the family key.</param>
/// <param name="Samples">
/// The field writes. All writes of one series are in the same <see cref="FamilyWrite"/>, next to each other (a series
/// collects its writes at once), which is what lets the Redis store split a large family between series cheaply.
/// </param>
internal sealed record FamilyWrite(MetricMetadata Metadata, IReadOnlyList<SampleWrite> Samples)
{
    /// <summary>The family's own expiry (<c>MetricExpiry</c>), or null for the store's.</summary>
    public TimeSpan? Expiry { get; init; }

    /// <summary>
    /// The native parts that changed, stored beside the seed's data: a native histogram's series, or a quantile summary's
    /// sketches (see <see cref="SketchSlot"/>); empty for every other family.
    /// </summary>
    public IReadOnlyList<NativeHistogramWrite> NativeSeries { get; init; } = [];

    /// <summary>
    /// For a summary with quantiles, the slot of its window (<see cref="MetricMetadata.Window"/>) that
    /// <see cref="NativeSeries"/> are added to: taken when the batch was collected, so a retry adds to the same slot.
    /// Null for every other family.
    /// </summary>
    public long? SketchSlot { get; init; }
}
