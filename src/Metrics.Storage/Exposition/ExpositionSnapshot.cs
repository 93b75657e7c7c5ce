namespace Prometheus.Distributed.Exposition;

/// <summary>Everything a scrape writes, parsed from the stored families, plus how many stored samples were unusable.</summary>
/// <param name="Families">The families in output order.</param>
/// <param name="SkippedSamples">
/// Stored samples left out because their field name, labels JSON or <c>le</c> could not be parsed, or because they do
/// not fit their family's type.
/// </param>
internal sealed record ExpositionSnapshot(IReadOnlyList<FamilySnapshot> Families, int SkippedSamples);
