using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Flushing;

/// <summary>The changes of one metric family in one flush, with the family's metadata.</summary>
/// <param name="Metadata">What the writing process declared; <see cref="MetricMetadata.Name"/> is the family key.</param>
/// <param name="Samples">The field writes. All writes of one series are in the same <see cref="FamilyWrite"/>.</param>
internal sealed record FamilyWrite(MetricMetadata Metadata, IReadOnlyList<SampleWrite> Samples);
