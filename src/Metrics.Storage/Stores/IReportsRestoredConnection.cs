namespace Prometheus.Distributed.Stores;

/// <summary>A store whose client tells when a lost connection is back (StackExchange.Redis <c>ConnectionRestored</c>).</summary>
internal interface IReportsRestoredConnection
{
    /// <summary>Raised when a connection to the store that was lost is open again.</summary>
    event Action? ConnectionRestored;
}
