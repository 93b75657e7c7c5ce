using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// The tables of the SQLite store. <c>metrics</c> is the seed's table, unchanged, so Python writers share the file;
/// everything this library adds lives in tables of its own.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The seed's data table: one row per series field, <c>metric_key</c> the family name.</summary>
    public const string Metrics =
        "CREATE TABLE IF NOT EXISTS metrics(metric_key TEXT NOT NULL, subkey TEXT NOT NULL, value REAL NOT NULL, "
        + "PRIMARY KEY(metric_key, subkey))";

    /// <summary>What a process declared about a family (<see cref="Metrics.MetricMetadata.ToJson"/>).</summary>
    public const string Metadata =
        "CREATE TABLE IF NOT EXISTS metrics_metadata(metric_key TEXT PRIMARY KEY, metadata TEXT NOT NULL)";

    /// <summary>The last batch sequence applied per instance (exactly-once), and when, so idle rows can be pruned.</summary>
    public const string Flushes =
        "CREATE TABLE IF NOT EXISTS metrics_flushes(instance_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL, "
        + "applied_at INTEGER NOT NULL)";

    /// <summary>Each instance's last heartbeat, in unix seconds.</summary>
    public const string Instances =
        "CREATE TABLE IF NOT EXISTS metrics_instances(instance_id TEXT PRIMARY KEY, heartbeat REAL NOT NULL)";

    /// <summary>Each instance's own value of the per-instance gauge series (every gauge mode but MostRecent).</summary>
    public const string InstanceValues =
        "CREATE TABLE IF NOT EXISTS metrics_instance_values(metric_key TEXT NOT NULL, subkey TEXT NOT NULL, "
        + "instance_id TEXT NOT NULL, value REAL NOT NULL, PRIMARY KEY(metric_key, subkey, instance_id))";

    /// <summary>The latest exemplar of a field (a counter's <c>_total</c> or a bucket), as <see cref="ExemplarJson"/>.</summary>
    public const string Exemplars =
        "CREATE TABLE IF NOT EXISTS metrics_exemplars(metric_key TEXT NOT NULL, subkey TEXT NOT NULL, "
        + "exemplar TEXT NOT NULL, PRIMARY KEY(metric_key, subkey))";

    /// <summary>A native histogram's series: schema, zero bucket, count, sum and buckets (see <see cref="SqliteNativeSeries"/>).</summary>
    public const string Native =
        "CREATE TABLE IF NOT EXISTS metrics_native(metric_key TEXT NOT NULL, labels TEXT NOT NULL, schema INTEGER NOT NULL, "
        + "zero_threshold REAL NOT NULL, zero_count INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, "
        + "buckets TEXT NOT NULL, PRIMARY KEY(metric_key, labels))";

    /// <summary>
    /// A summary's quantile sketches: one row per slot of its window and series, labels qualified by the slot, and the unix
    /// time in milliseconds the slot may be dropped at (see <see cref="SqliteNativeSeries"/>).
    /// </summary>
    public const string Sketches =
        "CREATE TABLE IF NOT EXISTS metrics_sketches(metric_key TEXT NOT NULL, labels TEXT NOT NULL, schema INTEGER NOT NULL, "
        + "zero_threshold REAL NOT NULL, zero_count INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, "
        + "buckets TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY(metric_key, labels))";

    /// <summary>Finds the expired sketch slots without reading every row.</summary>
    public const string SketchesByExpiry = "CREATE INDEX IF NOT EXISTS metrics_sketches_expires_at ON metrics_sketches(expires_at)";

    /// <summary>
    /// When each family was last written, in unix seconds, and its own retention in seconds (<c>MetricExpiry</c>; null for
    /// the store's <c>SqliteRetention</c>): what idle families are pruned by.
    /// </summary>
    public const string FamilyWrites =
        "CREATE TABLE IF NOT EXISTS metrics_family_writes(metric_key TEXT PRIMARY KEY, written_at INTEGER NOT NULL, retention INTEGER)";

    /// <summary>Finds the idle flush markers without reading every row.</summary>
    public const string FlushesByAge = "CREATE INDEX IF NOT EXISTS metrics_flushes_applied_at ON metrics_flushes(applied_at)";

    /// <summary>
    /// Switches the file to WAL (persistent in the file, so readers never block the writer) and creates the
    /// tables that are missing. Idempotent: several processes may run it at once.
    /// </summary>
    public static async Task CreateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        foreach (var statement in (string[])["PRAGMA journal_mode = WAL", Metrics, Metadata, Flushes, Instances, InstanceValues, Exemplars, FamilyWrites, FlushesByAge, Native, Sketches, SketchesByExpiry])
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
