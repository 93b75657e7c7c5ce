namespace Prometheus.Distributed.Stores;

/// <summary>
/// The store applied a flush, but fewer replicas than required acknowledged it in time: it is not yet safe from a
/// failover, so it counts as failed and is retried (the store skips what already landed).
/// </summary>
internal sealed class ReplicationTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which server, how many replicas acknowledged, of how many, within what time.</param>
    public ReplicationTimeoutException(string message)
        : base(message)
    {
    }
}
