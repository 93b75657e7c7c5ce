
namespace Prometheus.Distributed.Stores;

/// <summary>A family this process writes under a name the store already holds with another declaration.</summary>
/// <param name="Declared">What this process declared.</param>
/// <param name="Stored">What the store holds (written by another process).</param>
internal sealed record MetadataConflict(MetricMetadata Declared, MetricMetadata Stored);
