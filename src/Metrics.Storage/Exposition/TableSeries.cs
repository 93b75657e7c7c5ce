namespace Prometheus.Distributed.Exposition;

/// <summary>One series in a <see cref="SeriesTable"/>: where its labels and samples are.</summary>
/// <param name="FirstLabel">The index of its first label in the table's labels.</param>
/// <param name="LabelCount">How many labels it has (in output order, without <c>le</c>).</param>
/// <param name="FirstSample">The index of its first sample in the table's samples.</param>
/// <param name="SampleCount">How many samples it has (in output order).</param>
internal readonly record struct TableSeries(int FirstLabel, int LabelCount, int FirstSample, int SampleCount);
