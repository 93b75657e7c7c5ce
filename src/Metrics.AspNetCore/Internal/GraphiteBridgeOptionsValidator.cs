namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Checks <see cref="GraphiteBridgeOptions"/> at start-up.</summary>
internal sealed class GraphiteBridgeOptionsValidator() : SectionValidator<GraphiteBridgeOptions>("GraphiteBridge")
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Errors(GraphiteBridgeOptions options) => options.Validate();
}
