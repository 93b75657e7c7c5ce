namespace Prometheus.Distributed.Stores;

/// <summary>An instance known to the store and how long ago, by the store's clock, it last heartbeat.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Age">Time since its last heartbeat.</param>
internal readonly record struct InstanceHeartbeat(string InstanceId, TimeSpan Age);
