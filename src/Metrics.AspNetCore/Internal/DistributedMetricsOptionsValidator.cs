using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Stops start-up when the options are invalid, with a message naming each bad setting.</summary>
internal sealed class DistributedMetricsOptionsValidator : IValidateOptions<DistributedMetricsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DistributedMetricsOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => "DistributedMetrics: " + e));
    }
}
