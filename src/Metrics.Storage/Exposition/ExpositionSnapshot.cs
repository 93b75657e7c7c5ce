namespace Prometheus.Distributed.Exposition;

/// <summary>Everything a scrape writes, parsed from the stored families, plus what the read left out.</summary>
/// <param name="Families">The families in output order.</param>
/// <param name="Skipped">
/// Stored entries left out, by family and reason: keys that are not hashes, values that are not numbers, fields that
/// cannot be shown (see <see cref="SkipReason"/>).
/// </param>
internal sealed record ExpositionSnapshot(IReadOnlyList<FamilySnapshot> Families, SkippedEntries Skipped);
