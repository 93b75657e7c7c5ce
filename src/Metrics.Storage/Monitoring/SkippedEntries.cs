namespace Prometheus.Distributed.Monitoring;

/// <summary>What one read of the store skipped because it could not read it.</summary>
/// <param name="Keys">Keys that are not what the store expects (e.g. a Redis key under the prefix that is no hash).</param>
/// <param name="Fields">Stored values that are not numbers.</param>
/// <param name="Samples">Stored fields whose name cannot be parsed (not <c>{suffix}:{labels json}</c> of the family).</param>
internal readonly record struct SkippedEntries(long Keys, long Fields, long Samples)
{
    /// <summary>True when nothing was skipped.</summary>
    public bool IsEmpty => Keys == 0 && Fields == 0 && Samples == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Keys} key(s) that are not metric hashes, {Fields} value(s) that are not numbers, {Samples} field(s) whose name cannot be parsed";
}
