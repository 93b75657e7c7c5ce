namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>Where the SQLite store keeps its file and how long it waits for another writer.</summary>
/// <param name="Path">The database file; created with its folder when missing. May hold the seed's data already.</param>
internal sealed record SqliteStoreSettings(string Path)
{
    /// <summary>How long a statement waits for a lock held by another connection or process before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Families not written for this long are deleted by a flush (data, per-instance values, exemplars, metadata); null
    /// keeps them forever, like the seed.
    /// </summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>How long the flush marker of an instance that stopped writing is kept (the exactly-once check's memory).</summary>
    public TimeSpan MarkerRetention { get; init; } = TimeSpan.FromHours(1);
}
