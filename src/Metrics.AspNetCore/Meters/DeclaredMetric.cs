namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>The metric an instrument records into, declared at its first measurement, with its labels.</summary>
/// <param name="Name">The metric name, the <c>metric</c> label of the dropped-tags counter.</param>
/// <param name="Labels">The label names and the mapping of tags onto them.</param>
/// <param name="Counter">The counter, for counter kinds.</param>
/// <param name="Gauge">The gauge, for gauge kinds.</param>
/// <param name="Histogram">The histogram, for histograms.</param>
internal sealed record DeclaredMetric(string Name, TagLabels Labels, ICounter? Counter, IGauge? Gauge, IHistogram? Histogram);
