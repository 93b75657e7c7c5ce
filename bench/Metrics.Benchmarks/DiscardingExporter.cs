using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>An OpenTelemetry exporter that drops what it is given: the peer's reader needs somewhere to export to.</summary>
internal sealed class DiscardingExporter : BaseExporter<Metric>
{
    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
