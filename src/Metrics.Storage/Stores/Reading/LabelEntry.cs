namespace Prometheus.Distributed.Stores.Reading;

/// <summary>What one stored labels JSON of a family resolves to.</summary>
/// <param name="Labels">The labels in output order, without <c>le</c> in a histogram.</param>
/// <param name="Le">A histogram's stored <c>le</c> value, or null when the labels have none.</param>
/// <param name="Bound">The numeric value of <paramref name="Le"/>; NaN when it is not a number.</param>
/// <param name="Series">The series' id in <see cref="FamilySeriesIndex.Series"/>, shared by every entry of the series.</param>
internal readonly record struct LabelEntry(
    KeyValuePair<string, string>[] Labels,
    string? Le,
    double Bound,
    int Series);
