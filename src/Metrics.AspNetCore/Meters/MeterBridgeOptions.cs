namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>
/// The meters whose instruments are recorded into the store, gathered from every <c>AddMeter</c> call, and the tag keys
/// declared with <c>AddInstrumentTags</c>.
/// </summary>
internal sealed class MeterBridgeOptions
{
    /// <summary>The meter names (exact, case-sensitive as .NET compares them).</summary>
    public HashSet<string> MeterNames { get; } = new(StringComparer.Ordinal);

    /// <summary>The tag keys declared for instruments, by meter and instrument name; they replace the well-known ones.</summary>
    public Dictionary<(string Meter, string Instrument), string[]> InstrumentTags { get; } = [];

    /// <summary>
    /// The tag keys that label an instrument's metric: declared, else well-known, else null (the first measurement's).
    /// </summary>
    public string[]? TagKeysOf(string meter, string instrument) =>
        InstrumentTags.TryGetValue((meter, instrument), out var keys) ? keys : KnownInstrumentTags.Of(meter, instrument);
}
