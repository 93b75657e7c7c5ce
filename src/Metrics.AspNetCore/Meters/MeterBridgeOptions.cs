namespace Prometheus.Distributed.AspNetCore.Meters;

/// <summary>The meters whose instruments are recorded into the store, gathered from every <c>AddMeter</c> call.</summary>
internal sealed class MeterBridgeOptions
{
    /// <summary>The meter names (exact, case-sensitive as .NET compares them).</summary>
    public HashSet<string> MeterNames { get; } = new(StringComparer.Ordinal);
}
