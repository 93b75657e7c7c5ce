namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>Where the SQLite store keeps its file and how long it waits for another writer.</summary>
/// <param name="Path">The database file; created with its folder when missing. May hold the seed's data already.</param>
internal sealed record SqliteStoreSettings(string Path)
{
    /// <summary>How long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
