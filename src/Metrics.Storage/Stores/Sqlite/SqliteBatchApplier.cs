using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Applies one <see cref="FlushBatch"/> inside a write transaction the caller opened with <c>BEGIN IMMEDIATE</c>,
/// through prepared multi-row statements.
/// </summary>
internal sealed class SqliteBatchApplier : IDisposable
{
    private const string LastSequenceSql = "SELECT sequence FROM metrics_flushes WHERE instance_id = $instance";

    private const string RecordSequenceSql =
        "INSERT INTO metrics_flushes(instance_id, sequence, applied_at) "
        + "VALUES($instance, $sequence, CAST(strftime('%s', 'now') AS INTEGER)) "
        + "ON CONFLICT(instance_id) DO UPDATE SET sequence = excluded.sequence, applied_at = excluded.applied_at";

    private const string MetadataSql =
        "INSERT INTO metrics_metadata(metric_key, metadata) VALUES($key, $metadata) "
        + "ON CONFLICT(metric_key) DO UPDATE SET metadata = excluded.metadata WHERE metadata <> excluded.metadata";

    private const string InsertSql = "INSERT INTO metrics(metric_key, subkey, value) VALUES ";

    // NaN is stored as text and stays NaN once added to; inf + -inf (NULL in SQLite) becomes NaN too.
    private const string AddConflictSql =
        " ON CONFLICT(metric_key, subkey) DO UPDATE SET value = CASE "
        + "WHEN typeof(metrics.value) = 'text' OR typeof(excluded.value) = 'text' THEN 'NaN' "
        + "ELSE coalesce(metrics.value + excluded.value, 'NaN') END";

    private const string SetConflictSql = " ON CONFLICT(metric_key, subkey) DO UPDATE SET value = excluded.value";

    private const string SetIfAbsentConflictSql = " ON CONFLICT(metric_key, subkey) DO NOTHING";

    /// <summary>
    /// Rows per upsert statement: one statement per row cost ~15 µs of per-call overhead, most of a 10 000-row
    /// flush; a few hundred rows per statement keep well under SQLite's parameter limit.
    /// </summary>
    private const int RowsPerStatement = 256;

    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;
    private readonly List<SqliteCommand> commands = [];
    private readonly SqliteCommand metadata;
    private readonly Dictionary<(WriteKind Kind, int Rows), SqliteCommand> upserts = [];

    /// <summary>Prepares the statements on <paramref name="connection"/> within <paramref name="transaction"/>.</summary>
    public SqliteBatchApplier(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
        metadata = Prepare(MetadataSql, "$key", "$metadata");
    }

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
            metadata.Parameters[0].Value = key;
            metadata.Parameters[1].Value = family.Metadata.ToJson();
            await metadata.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await UpsertAsync(key, family.Samples, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Writes a family's samples in order, each run of consecutive samples of one kind as multi-row upserts.
    /// </summary>
    private async Task UpsertAsync(string key, IReadOnlyList<SampleWrite> samples, CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < samples.Count)
        {
            var kind = samples[start].Kind;
            var end = start + 1;
            while (end < samples.Count && end - start < RowsPerStatement && samples[end].Kind == kind)
            {
                end++;
            }

            var command = Upsert(kind, end - start);
            command.Parameters[0].Value = key;
            for (var i = start; i < end; i++)
            {
                var row = i - start;
                command.Parameters[1 + (2 * row)].Value = samples[i].Subkey;
                command.Parameters[2 + (2 * row)].Value = SqliteReal.ToParameter(samples[i].Value);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            start = end;
        }
    }

    /// <summary>The prepared upsert of <paramref name="rows"/> rows of one kind: <c>$key</c>, then <c>$s{i}, $v{i}</c> per row.</summary>
    private SqliteCommand Upsert(WriteKind kind, int rows)
    {
        if (upserts.TryGetValue((kind, rows), out var prepared))
        {
            return prepared;
        }

        var conflict = kind switch
        {
            WriteKind.Add => AddConflictSql,
            WriteKind.Set => SetConflictSql,
            WriteKind.SetIfAbsent => SetIfAbsentConflictSql,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown write kind."),
        };
        var sql = new StringBuilder(InsertSql);
        var names = new List<string>(1 + (2 * rows)) { "$key" };
        for (var row = 0; row < rows; row++)
        {
            var subkey = "$s" + row.ToString(CultureInfo.InvariantCulture);
            var value = "$v" + row.ToString(CultureInfo.InvariantCulture);
            sql.Append(row == 0 ? "(" : ",(").Append("$key,").Append(subkey).Append(',').Append(value).Append(')');
            names.Add(subkey);
            names.Add(value);
        }

        var command = Prepare(sql.Append(conflict).ToString(), [.. names]);
        upserts[(kind, rows)] = command;
        return command;
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
