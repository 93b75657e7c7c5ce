namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Checks <see cref="DistributedMetricsOptions"/> at start-up.</summary>
internal sealed class DistributedMetricsOptionsValidator() : SectionValidator<DistributedMetricsOptions>("DistributedMetrics")
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Errors(DistributedMetricsOptions options) => options.Validate();
}
