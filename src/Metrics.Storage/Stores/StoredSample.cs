namespace Prometheus.Distributed.Stores;

/// <summary>One stored field of a family.</summary>
/// <param name="Subkey">The seed's field name: <c>{suffix}:{labels json}</c>.</param>
/// <param name="Value">The stored value.</param>
internal readonly record struct StoredSample(string Subkey, double Value);
