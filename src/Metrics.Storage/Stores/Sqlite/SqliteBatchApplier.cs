using System.Globalization;
using System.Text;
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

    // NaN is stored as text and stays NaN once added to; inf + -inf (NULL in SQLite) becomes NaN too.
    private const string AddConflict = "ON CONFLICT(metric_key, subkey) DO UPDATE SET value = CASE "
        + "WHEN typeof(metrics.value) = 'text' OR typeof(excluded.value) = 'text' THEN 'NaN' "
        + "ELSE coalesce(metrics.value + excluded.value, 'NaN') END";

    private const string SetConflict = "ON CONFLICT(metric_key, subkey) DO UPDATE SET value = excluded.value";

    private const string SetIfAbsentConflict = "ON CONFLICT(metric_key, subkey) DO NOTHING";

    private const string InstanceValueConflict = "ON CONFLICT(metric_key, subkey, instance_id) DO UPDATE SET value = excluded.value";

    private const string SetExemplarSql =
        "INSERT INTO metrics_exemplars(metric_key, subkey, exemplar) VALUES($key, $subkey, $exemplar) "
        + "ON CONFLICT(metric_key, subkey) DO UPDATE SET exemplar = excluded.exemplar";

    // A removed field goes with its exemplar and, in a per-instance gauge family, with every instance's value of it.
    private const string RemoveFieldSql =
        "DELETE FROM metrics WHERE metric_key = $key AND subkey = $subkey; "
        + "DELETE FROM metrics_instance_values WHERE metric_key = $key AND subkey = $subkey; "
        + "DELETE FROM metrics_exemplars WHERE metric_key = $key AND subkey = $subkey";

    private const string ClearFamilySql =
        "DELETE FROM metrics WHERE metric_key = $key; "
        + "DELETE FROM metrics_instance_values WHERE metric_key = $key; "
        + "DELETE FROM metrics_exemplars WHERE metric_key = $key; "
        + "DELETE FROM metrics_native WHERE metric_key = $key; "
        + "DELETE FROM metrics_sketches WHERE metric_key = $key";

    /// <summary>Rows per upsert statement: one statement per row would cost more in binding and stepping than the rows.</summary>
    private const int RowsPerStatement = 64;

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly List<SqliteCommand> commands = [];
    private readonly SqliteCommand storedMetadata;
    private readonly SqliteCommand metadata;
    private readonly SqliteCommand setExemplar;
    private readonly SqliteCommand recordWrite;
    private readonly Dictionary<(RowKind Kind, int Rows), SqliteCommand> upserts = [];
    private readonly List<SampleWrite> run = new(RowsPerStatement);
    private SqliteCommand? removeField;
    private SqliteCommand? clearFamily;
    private SqliteNativeSeries? nativeSeries;
    private SqliteNativeSeries? sketches;

    /// <summary>The upsert a row takes: how a sample's write kind (or a per-instance gauge) meets a stored row.</summary>
    private enum RowKind
    {
        Add,
        Set,
        SetIfAbsent,
        InstanceValue,
    }

    /// <summary>Prepares the statements on <paramref name="connection"/> within <paramref name="transaction"/>.</summary>
    public SqliteBatchApplier(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
        storedMetadata = Prepare(StoredMetadataSql, "$key");
        metadata = Prepare(MetadataSql, "$key", "$metadata");
        setExemplar = Prepare(SetExemplarSql, "$key", "$subkey", "$exemplar");
        recordWrite = Prepare(SqlitePruner.RecordWrite, "$key", "$retention");
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
            recordWrite.Parameters[0].Value = key;
            recordWrite.Parameters[1].Value = SqlitePruner.Seconds(family.Expiry);
            await recordWrite.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var perInstance = family.Metadata.Mode.IsPerInstance();
            var runKind = RowKind.Add;
            foreach (var sample in family.Samples)
            {
                if (sample.Kind is WriteKind.Remove or WriteKind.Clear)
                {
                    // Rows written before the removal in this batch go first; rows after it recreate the series.
                    if (run.Count > 0)
                    {
                        await UpsertRunAsync(runKind, key, batch.InstanceId, cancellationToken).ConfigureAwait(false);
                    }

                    await RemoveAsync(key, sample, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var kind = perInstance ? RowKind.InstanceValue : RowKindOf(sample.Kind);
                if (run.Count == RowsPerStatement || (run.Count > 0 && kind != runKind))
                {
                    await UpsertRunAsync(runKind, key, batch.InstanceId, cancellationToken).ConfigureAwait(false);
                }

                runKind = kind;
                run.Add(sample);
            }

            if (run.Count > 0)
            {
                await UpsertRunAsync(runKind, key, batch.InstanceId, cancellationToken).ConfigureAwait(false);
            }

            await AddNativeAsync(family, cancellationToken).ConfigureAwait(false);
        }

        if (sketches is not null)
        {
            await sketches.PruneAsync(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Adds a family's native parts: a native histogram's series, or a summary's sketches to the slot of the flush.</summary>
    private async Task AddNativeAsync(FamilyWrite family, CancellationToken cancellationToken)
    {
        (long Slot, long ExpiresAt)? sketch = family.SketchSlot is { } slot && family.Metadata.Window is { } window
            ? (slot, window.ExpiresAtMilliseconds(slot))
            : null;
        foreach (var native in family.NativeSeries)
        {
            var parts = sketch is null
                ? nativeSeries ??= SqliteNativeSeries.Histograms(Prepare)
                : sketches ??= SqliteNativeSeries.Sketches(Prepare);
            await parts.AddAsync(family.Metadata.Name, native, sketch, cancellationToken).ConfigureAwait(false);
        }
    }

    private static RowKind RowKindOf(WriteKind kind) => kind switch
    {
        WriteKind.Add => RowKind.Add,
        WriteKind.Set => RowKind.Set,
        WriteKind.SetIfAbsent => RowKind.SetIfAbsent,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown write kind."),
    };

    /// <summary>Upserts the rows of <see cref="run"/> (all of <paramref name="kind"/>) with one statement, then their exemplars.</summary>
    private async Task UpsertRunAsync(RowKind kind, string key, string instanceId, CancellationToken cancellationToken)
    {
        var command = Upsert(kind, run.Count);
        var parameters = command.Parameters;
        for (var i = 0; i < run.Count; i++)
        {
            parameters[2 * i].Value = run[i].Subkey;
            parameters[(2 * i) + 1].Value = SqliteReal.ToParameter(run[i].Value);
        }

        parameters[2 * run.Count].Value = key;
        if (kind == RowKind.InstanceValue)
        {
            parameters[(2 * run.Count) + 1].Value = instanceId;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sample in run)
        {
            if (sample.Exemplar is { } exemplar)
            {
                setExemplar.Parameters[0].Value = key;
                setExemplar.Parameters[1].Value = sample.Subkey;
                setExemplar.Parameters[2].Value = ExemplarJson.Write(exemplar);
                await setExemplar.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        run.Clear();
    }

    /// <summary>
    /// The prepared upsert of <paramref name="rows"/> rows of <paramref name="kind"/>, made on first use. Its parameters:
    /// each row's subkey and value, then the key, then (per-instance values only) the instance.
    /// </summary>
    private SqliteCommand Upsert(RowKind kind, int rows)
    {
        if (upserts.TryGetValue((kind, rows), out var command))
        {
            return command;
        }

        var sql = new StringBuilder(kind == RowKind.InstanceValue
            ? "INSERT INTO metrics_instance_values(metric_key, subkey, instance_id, value) VALUES "
            : "INSERT INTO metrics(metric_key, subkey, value) VALUES ");
        var names = new List<string>((2 * rows) + 2);
        for (var i = 0; i < rows; i++)
        {
            var subkey = "$s" + i.ToString(CultureInfo.InvariantCulture);
            var value = "$v" + i.ToString(CultureInfo.InvariantCulture);
            names.Add(subkey);
            names.Add(value);
            sql.Append(i == 0 ? "(" : ", (").Append("$key, ").Append(subkey)
                .Append(kind == RowKind.InstanceValue ? ", $instance, " : ", ").Append(value).Append(')');
        }

        names.Add("$key");
        if (kind == RowKind.InstanceValue)
        {
            names.Add("$instance");
        }

        sql.Append(' ').Append(kind switch
        {
            RowKind.Add => AddConflict,
            RowKind.Set => SetConflict,
            RowKind.SetIfAbsent => SetIfAbsentConflict,
            _ => InstanceValueConflict,
        });
        command = Prepare(sql.ToString(), [.. names]);
        upserts.Add((kind, rows), command);
        return command;
    }

    /// <summary>Deletes one field (<see cref="WriteKind.Remove"/>) or the whole family (<see cref="WriteKind.Clear"/>).</summary>
    private async Task RemoveAsync(string key, SampleWrite sample, CancellationToken cancellationToken)
    {
        var command = sample.Kind == WriteKind.Clear
            ? clearFamily ??= Prepare(ClearFamilySql, "$key")
            : removeField ??= Prepare(RemoveFieldSql, "$key", "$subkey");
        command.Parameters[0].Value = key;
        if (sample.Kind == WriteKind.Remove)
        {
            command.Parameters[1].Value = sample.Subkey;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
