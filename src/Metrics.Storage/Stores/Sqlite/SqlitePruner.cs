using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Keeps the file from growing without bound, a bounded slice per flush inside the flush's own write transaction, so a
/// writer never waits long for it: families idle longer than the retention, and flush markers of instances that
/// stopped writing.
/// </summary>
internal static class SqlitePruner
{
    /// <summary>The most idle families, or flush markers, one flush deletes; the rest wait for the next flush.</summary>
    public const int MaxPerFlush = 64;

    private const string RecordWriteSql =
        "INSERT INTO metrics_family_writes(metric_key, written_at, retention) "
        + "VALUES($key, CAST(strftime('%s', 'now') AS INTEGER), $retention) "
        + "ON CONFLICT(metric_key) DO UPDATE SET written_at = excluded.written_at, retention = excluded.retention";

    // Families in the file that no flush of this library recorded (written by the seed, or before the retention was
    // turned on) start their idle time now.
    private const string AdoptSql =
        "INSERT OR IGNORE INTO metrics_family_writes(metric_key, written_at) "
        + "SELECT DISTINCT metric_key, CAST(strftime('%s', 'now') AS INTEGER) FROM metrics";

    private const string IdleSql =
        "SELECT metric_key FROM metrics_family_writes "
        + "WHERE written_at < CAST(strftime('%s', 'now') AS INTEGER) - coalesce(retention, $age) LIMIT $limit";

    private const string DeleteFamilySql =
        "DELETE FROM metrics WHERE metric_key = $key; "
        + "DELETE FROM metrics_instance_values WHERE metric_key = $key; "
        + "DELETE FROM metrics_exemplars WHERE metric_key = $key; "
        + "DELETE FROM metrics_native WHERE metric_key = $key; "
        + "DELETE FROM metrics_sketches WHERE metric_key = $key; "
        + "DELETE FROM metrics_metadata WHERE metric_key = $key; "
        + "DELETE FROM metrics_family_writes WHERE metric_key = $key";

    private const string DeleteMarkersSql =
        "DELETE FROM metrics_flushes WHERE rowid IN (SELECT rowid FROM metrics_flushes "
        + "WHERE applied_at < CAST(strftime('%s', 'now') AS INTEGER) - $age LIMIT $limit)";

    /// <summary>
    /// The statement that records a family's write; its parameters are <c>$key</c> and <c>$retention</c> (the family's own
    /// retention in whole seconds, see <see cref="Seconds"/>, or <see cref="DBNull"/>).
    /// </summary>
    public static string RecordWrite => RecordWriteSql;

    /// <summary>A retention in whole seconds, rounded up, or <see cref="DBNull"/> for none.</summary>
    public static object Seconds(TimeSpan? retention) =>
        retention is { } age ? (long)Math.Ceiling(age.TotalSeconds) : DBNull.Value;

    /// <summary>
    /// Deletes up to <see cref="MaxPerFlush"/> families not written for their own retention or else
    /// <paramref name="retention"/> (none when null); with <paramref name="adopt"/>, first starts the idle time of
    /// families no flush recorded yet. Returns how many it deleted.
    /// </summary>
    public static async Task<int> PruneFamiliesAsync(
        SqliteConnection connection, SqliteTransaction transaction, TimeSpan? retention, bool adopt, CancellationToken cancellationToken)
    {
        if (adopt)
        {
            await SqliteStatements.ExecuteAsync(connection, transaction, AdoptSql, cancellationToken).ConfigureAwait(false);
        }

        var idle = await SqliteStatements.ReadStringsAsync(
            connection, transaction, IdleSql, cancellationToken, ("$age", Seconds(retention)), ("$limit", MaxPerFlush)).ConfigureAwait(false);

        foreach (var key in idle)
        {
            await SqliteStatements.ExecuteAsync(connection, transaction, DeleteFamilySql, cancellationToken, ("$key", key)).ConfigureAwait(false);
        }

        return idle.Count;
    }

    /// <summary>Deletes up to <see cref="MaxPerFlush"/> flush markers last written more than <paramref name="age"/> ago.</summary>
    public static Task<int> PruneMarkersAsync(
        SqliteConnection connection, SqliteTransaction transaction, TimeSpan age, CancellationToken cancellationToken) =>
        SqliteStatements.ExecuteAsync(
            connection, transaction, DeleteMarkersSql, cancellationToken, ("$age", (long)Math.Ceiling(age.TotalSeconds)), ("$limit", MaxPerFlush));
}
