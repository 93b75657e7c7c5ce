namespace Prometheus.Distributed.Stores;

/// <summary>One instance's own value of a per-instance gauge series.</summary>
/// <param name="InstanceId">The instance that wrote it.</param>
/// <param name="Subkey">The seed's field name of the series: <c>:{labels json}</c>.</param>
/// <param name="Value">The instance's value.</param>
internal readonly record struct InstanceSample(string InstanceId, string Subkey, double Value);
