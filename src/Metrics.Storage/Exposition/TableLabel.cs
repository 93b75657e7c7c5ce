namespace Prometheus.Distributed.Exposition;

/// <summary>One label of a series in a <see cref="SeriesTable"/>: its name's id and where its value's UTF-8 bytes are.</summary>
/// <param name="Name">The index of the name in the family's label names.</param>
/// <param name="Start">Where the value starts in the table's value bytes.</param>
/// <param name="Length">The value's length in bytes.</param>
internal readonly record struct TableLabel(int Name, int Start, int Length);
