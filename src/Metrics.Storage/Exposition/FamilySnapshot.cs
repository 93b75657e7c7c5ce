
namespace Prometheus.Distributed.Exposition;

/// <summary>A family ready to write: type resolved, series parsed and ordered.</summary>
/// <param name="Name">
/// The family name (a counter's name without <c>_total</c>). For <see cref="MetricType.Unknown"/> it is the full
/// sample name and every sample has an empty suffix.
/// </param>
/// <param name="Type">The declared or inferred type.</param>
/// <param name="Help">The help text, or null when no metadata was stored (no HELP line is written).</param>
/// <param name="Series">The series, ordered by label values.</param>
internal sealed record FamilySnapshot(
    string Name,
    MetricType Type,
    string? Help,
    IReadOnlyList<SeriesSnapshot> Series);
