using Microsoft.Data.Sqlite;
using Prometheus.Distributed.Flushing;
using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Applies one <see cref="FlushBatch"/> inside a write transaction the caller opened with <c>BEGIN IMMEDIATE</c>,
/// through prepared statements bound once per row.
/// </summary>
internal sealed class SqliteBatchApplier : IDisposable
{
    private const string LastSequenceSql = "SELECT sequence FROM metrics_flushes WHERE instance_id = $instance";

    private const string RecordSequenceSql =
        "INSERT INTO metrics_flushes(instance_id, sequence, applied_at) "
        + "VALUES($instance, $sequence, CAST(strftime('%s', 'now') AS INTEGER)) "
        + "ON CONFLICT(instance_id) DO UPDATE SET sequence = excluded.sequence, applied_at = excluded.applied_at";

    private const string StoredMetadataSql = "SELECT metadata FROM metrics_metadata WHERE metric_key = $key";

    private const string MetadataSql =
        "INSERT INTO metrics_metadata(metric_key, metadata) VALUES($key, $metadata) "
        + "ON CONFLICT(metric_key) DO UPDATE SET metadata = excluded.metadata WHERE metadata <> excluded.metadata";

    private const string InsertSql = "INSERT INTO metrics(metric_key, subkey, value) VALUES($key, $subkey, $value) ";

    // NaN is stored as text and stays NaN once added to; inf + -inf (NULL in SQLite) becomes NaN too.
    private const string AddSql = InsertSql
        + "ON CONFLICT(metric_key, subkey) DO UPDATE SET value = CASE "
        + "WHEN typeof(metrics.value) = 'text' OR typeof(excluded.value) = 'text' THEN 'NaN' "
        + "ELSE coalesce(metrics.value + excluded.value, 'NaN') END";

    private const string SetSql = InsertSql + "ON CONFLICT(metric_key, subkey) DO UPDATE SET value = excluded.value";

    private const string SetIfAbsentSql = InsertSql + "ON CONFLICT(metric_key, subkey) DO NOTHING";

    private const string SetInstanceValueSql =
        "INSERT INTO metrics_instance_values(metric_key, subkey, instance_id, value) VALUES($key, $subkey, $instance, $value) "
        + "ON CONFLICT(metric_key, subkey, instance_id) DO UPDATE SET value = excluded.value";

    private const string SetExemplarSql =
        "INSERT INTO metrics_exemplars(metric_key, subkey, exemplar) VALUES($key, $subkey, $exemplar) "
        + "ON CONFLICT(metric_key, subkey) DO UPDATE SET exemplar = excluded.exemplar";

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly List<SqliteCommand> commands = [];
    private readonly SqliteCommand storedMetadata;
    private readonly SqliteCommand metadata;
    private readonly SqliteCommand add;
    private readonly SqliteCommand set;
    private readonly SqliteCommand setIfAbsent;
    private readonly SqliteCommand setInstanceValue;
    private readonly SqliteCommand setExemplar;

    /// <summary>Prepares the statements on <paramref name="connection"/> within <paramref name="transaction"/>.</summary>
    public SqliteBatchApplier(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
        storedMetadata = Prepare(StoredMetadataSql, "$key");
        metadata = Prepare(MetadataSql, "$key", "$metadata");
        add = Prepare(AddSql, "$key", "$subkey", "$value");
        set = Prepare(SetSql, "$key", "$subkey", "$value");
        setIfAbsent = Prepare(SetIfAbsentSql, "$key", "$subkey", "$value");
        setInstanceValue = Prepare(SetInstanceValueSql, "$key", "$subkey", "$value", "$instance");
        setExemplar = Prepare(SetExemplarSql, "$key", "$subkey", "$exemplar");
    }

    /// <summary>Families of the applied batch that were refused because the file declares them differently.</summary>
    public List<MetadataConflict> Conflicts { get; } = [];

    /// <summary>
    /// Applies <paramref name="batch"/> unless a batch of the same instance with this or a higher sequence was
    /// applied already (a retry after a lost reply). Returns false when skipped. The caller commits.
    /// </summary>
    public async Task<bool> ApplyAsync(FlushBatch batch, CancellationToken cancellationToken)
    {
        if (await LastSequenceAsync(batch.InstanceId, cancellationToken).ConfigureAwait(false) >= batch.Sequence)
        {
            return false;
        }

        foreach (var family in batch.Families)
        {
            var key = family.Metadata.Name;
            if (await StoredMetadataAsync(key, cancellationToken).ConfigureAwait(false) is { } stored
                && !stored.IsCompatibleWith(family.Metadata))
            {
                Conflicts.Add(new MetadataConflict(family.Metadata, stored));
                continue;
            }

            metadata.Parameters[0].Value = key;
            metadata.Parameters[1].Value = family.Metadata.ToJson();
            await metadata.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var perInstance = family.Metadata.Mode.IsPerInstance();
            foreach (var sample in family.Samples)
            {
                var command = perInstance ? setInstanceValue : sample.Kind switch
                {
                    WriteKind.Add => add,
                    WriteKind.Set => set,
                    WriteKind.SetIfAbsent => setIfAbsent,
                    _ => throw new ArgumentOutOfRangeException(nameof(batch), sample.Kind, "Unknown write kind."),
                };
                command.Parameters[0].Value = key;
                command.Parameters[1].Value = sample.Subkey;
                command.Parameters[2].Value = SqliteReal.ToParameter(sample.Value);
                if (perInstance)
                {
                    command.Parameters[3].Value = batch.InstanceId;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                if (sample.Exemplar is { } exemplar)
                {
                    setExemplar.Parameters[0].Value = key;
                    setExemplar.Parameters[1].Value = sample.Subkey;
                    setExemplar.Parameters[2].Value = ExemplarJson.Write(exemplar);
                    await setExemplar.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        var record = Prepare(RecordSequenceSql, "$instance", "$sequence");
        record.Parameters[0].Value = batch.InstanceId;
        record.Parameters[1].Value = batch.Sequence;
        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var command in commands)
        {
            command.Dispose();
        }
    }

    private async Task<MetricMetadata?> StoredMetadataAsync(string key, CancellationToken cancellationToken)
    {
        storedMetadata.Parameters[0].Value = key;
        var json = await storedMetadata.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return json is string text ? MetricMetadata.TryParse(key, text) : null;
    }

    private async Task<long> LastSequenceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var query = Prepare(LastSequenceSql, "$instance");
        query.Parameters[0].Value = instanceId;
        var stored = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return stored is long sequence ? sequence : long.MinValue;
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        commands.Add(command);
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
