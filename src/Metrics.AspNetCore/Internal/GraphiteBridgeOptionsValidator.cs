using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Stops start-up when the Graphite bridge options are invalid, with a message naming each bad setting.</summary>
internal sealed class GraphiteBridgeOptionsValidator : IValidateOptions<GraphiteBridgeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GraphiteBridgeOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => "GraphiteBridge: " + e));
    }
}
