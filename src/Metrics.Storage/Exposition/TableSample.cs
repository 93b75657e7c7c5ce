namespace Prometheus.Distributed.Exposition;

/// <summary>One sample of a series in a <see cref="SeriesTable"/>.</summary>
/// <param name="Value">The value.</param>
/// <param name="Suffix">The suffix's id in <see cref="FamilyShape.Suffixes"/>.</param>
/// <param name="Le">A bucket's <c>le</c> id in the table (<see cref="SeriesTable.LeText"/>); -1 for every other sample.</param>
/// <param name="Extras">The id of the sample's timestamp or exemplar in the table (<see cref="SeriesTable.ExtrasOf"/>); -1 for none.</param>
internal readonly record struct TableSample(double Value, byte Suffix, int Le, int Extras);
