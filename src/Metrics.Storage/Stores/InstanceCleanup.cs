namespace Prometheus.Distributed.Stores;

/// <summary>The bound on the clean-up work one heartbeat does, shared by every store.</summary>
internal static class InstanceCleanup
{
    /// <summary>The most dead instances one heartbeat removes; the rest wait for the next heartbeat.</summary>
    public const int MaxDeadPerHeartbeat = 16;
}
