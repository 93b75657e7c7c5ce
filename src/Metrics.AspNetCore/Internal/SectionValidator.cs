using Microsoft.Extensions.Options;

namespace Prometheus.Distributed.AspNetCore.Internal;

/// <summary>Stops start-up when options are invalid, with a message naming the section and each bad setting.</summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="section">The configuration section the messages start with, e.g. <c>DistributedMetrics</c>.</param>
internal abstract class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => section + ": " + e));
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming its setting; empty when they are valid.</summary>
    protected abstract IReadOnlyList<string> Errors(TOptions options);
}
