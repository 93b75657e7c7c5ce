
namespace Prometheus.Distributed.Stores;

/// <summary>One family as read from a store: its key, its metadata when any process stored it, and its fields.</summary>
/// <param name="Name">The family key (the part after <c>{prefix}_</c> in Redis; <c>metric_key</c> in SQLite).</param>
/// <param name="Metadata">The stored metadata, or null for data written by a writer that stores none (the seed).</param>
/// <param name="Samples">Every stored field.</param>
/// <param name="InstanceSamples">
/// A per-instance gauge's values, one per (instance, series), kept outside the seed's layout; null when none.
/// </param>
/// <param name="Exemplars">
/// The latest exemplar per field (a counter's <c>_total</c> or a bucket), kept outside the seed's layout; null when none.
/// </param>
internal sealed record StoredFamily(
    string Name,
    MetricMetadata? Metadata,
    IReadOnlyList<StoredSample> Samples,
    IReadOnlyList<InstanceSample>? InstanceSamples = null,
    IReadOnlyDictionary<string, Exemplar>? Exemplars = null)
{
    /// <summary>Keys of this family (its data hash, or its exemplars hash) that are not hashes; a data key that is not
    /// one leaves the family without samples.</summary>
    public int NotAHashKeys { get; init; }

    /// <summary>Stored values of this family that are not numbers, left out of <see cref="Samples"/>.</summary>
    public int NotANumberValues { get; init; }

    /// <summary>Stored fields of this family the store could not split (a per-instance field without its instance id).</summary>
    public int UnparsableFields { get; init; }

    /// <summary>
    /// A native histogram's series, or a summary's quantile sketches by slot (labels qualified by
    /// <see cref="SketchSlots.Key"/>), kept outside the seed's layout; empty for every other family.
    /// </summary>
    public IReadOnlyList<NativeSeriesTotals> NativeSeries { get; init; } = [];

    /// <summary>
    /// Gives the pooled arrays of <see cref="Samples"/> back (when a store read them into <see cref="StoredFields"/>):
    /// call it once the family is built; its samples are unusable after.
    /// </summary>
    public void ReleaseSamples() => (Samples as StoredFields)?.Dispose();
}
