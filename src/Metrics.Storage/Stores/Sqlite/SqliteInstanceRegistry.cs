using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Heartbeats in <c>metrics_instances</c> (unix seconds by this host's clock: the file is shared by one host's
/// processes only) and the removal of dead instances' values of the <c>Live*</c> gauges.
/// </summary>
internal static class SqliteInstanceRegistry
{
    private const string KnownSql = "SELECT count(*) FROM metrics_instances WHERE instance_id = $instance";

    private const string HeartbeatSql =
        "INSERT INTO metrics_instances(instance_id, heartbeat) VALUES($instance, $now) "
        + "ON CONFLICT(instance_id) DO UPDATE SET heartbeat = excluded.heartbeat";

    private const string DeadSql = "SELECT instance_id FROM metrics_instances WHERE heartbeat < $threshold LIMIT $limit";

    private const string ForgetValuesSql =
        "DELETE FROM metrics_instance_values WHERE instance_id = $instance AND metric_key IN "
        + "(SELECT metric_key FROM metrics_metadata WHERE json_extract(metadata, '$.mode') LIKE 'live%')";

    private const string ForgetInstanceSql = "DELETE FROM metrics_instances WHERE instance_id = $instance";

    private const string ReadSql = "SELECT instance_id, heartbeat FROM metrics_instances";

    /// <summary>
    /// Inside the caller's write transaction: records the heartbeat, removes up to
    /// <see cref="InstanceCleanup.MaxDeadPerHeartbeat"/> dead instances, and tells whether the instance was known.
    /// </summary>
    public static async Task<bool> HeartbeatAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        string instanceId,
        TimeSpan instanceTimeout,
        CancellationToken cancellationToken)
    {
        var now = UnixSeconds();
        var known = (long)(await SqliteStatements.ScalarAsync(connection, transaction, KnownSql, cancellationToken, ("$instance", instanceId)).ConfigureAwait(false))! > 0;
        await SqliteStatements.ExecuteAsync(connection, transaction, HeartbeatSql, cancellationToken, ("$instance", instanceId), ("$now", now)).ConfigureAwait(false);

        var dead = await SqliteStatements.ReadStringsAsync(
            connection, transaction, DeadSql, cancellationToken, ("$threshold", now - instanceTimeout.TotalSeconds), ("$limit", InstanceCleanup.MaxDeadPerHeartbeat)).ConfigureAwait(false);

        foreach (var id in dead)
        {
            await SqliteStatements.ExecuteAsync(connection, transaction, ForgetValuesSql, cancellationToken, ("$instance", id)).ConfigureAwait(false);
            await SqliteStatements.ExecuteAsync(connection, transaction, ForgetInstanceSql, cancellationToken, ("$instance", id)).ConfigureAwait(false);
        }

        return known;
    }

    /// <summary>Every known instance with the age of its last heartbeat.</summary>
    public static async Task<IReadOnlyList<InstanceHeartbeat>> ReadAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var now = UnixSeconds();
        var instances = new List<InstanceHeartbeat>();
        using var query = SqliteStatements.Command(connection, null, ReadSql);
        var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                instances.Add(new InstanceHeartbeat(reader.GetString(0), TimeSpan.FromSeconds(now - reader.GetDouble(1))));
            }
        }

        return instances;
    }

    private static double UnixSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
