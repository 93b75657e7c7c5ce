using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Prometheus.Distributed.Flushing;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// The native-histogram series of the file, in <c>metrics_native</c> (see <see cref="SqliteSchema.Native"/>): one row
/// per series with its schema, zero bucket, count, sum and buckets. A write reads the row, merges (at the coarser
/// schema) and writes it back, inside the batch's <c>BEGIN IMMEDIATE</c> transaction, so no other writer comes between.
/// Buckets are text: <c>key:count</c> pairs by increasing key, comma-separated, positive then <c>;</c> then negative.
/// </summary>
internal sealed class SqliteNativeSeries
{
    private const string SelectSql =
        "SELECT schema, zero_threshold, zero_count, count, sum, buckets FROM metrics_native WHERE metric_key = $key AND labels = $labels";

    private const string UpsertSql =
        "INSERT INTO metrics_native(metric_key, labels, schema, zero_threshold, zero_count, count, sum, buckets) "
        + "VALUES($key, $labels, $schema, $zero_threshold, $zero_count, $count, $sum, $buckets) "
        + "ON CONFLICT(metric_key, labels) DO UPDATE SET schema = excluded.schema, zero_threshold = excluded.zero_threshold, "
        + "zero_count = excluded.zero_count, count = excluded.count, sum = excluded.sum, buckets = excluded.buckets";

    private const string DeleteSql = "DELETE FROM metrics_native WHERE metric_key = $key AND labels = $labels";

    private const string ReadFamilySql =
        "SELECT labels, schema, zero_threshold, zero_count, count, sum, buckets FROM metrics_native WHERE metric_key = $key ORDER BY labels";

    private readonly SqliteCommand select;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand delete;

    /// <summary>Prepares the statements with <paramref name="prepare"/> (SQL, parameter names), whose owner disposes them.</summary>
    public SqliteNativeSeries(Func<string, string[], SqliteCommand> prepare)
    {
        select = prepare(SelectSql, ["$key", "$labels"]);
        upsert = prepare(UpsertSql, ["$key", "$labels", "$schema", "$zero_threshold", "$zero_count", "$count", "$sum", "$buckets"]);
        delete = prepare(DeleteSql, ["$key", "$labels"]);
    }

    /// <summary>
    /// Adds <paramref name="write"/> to the stored series of family <paramref name="key"/>, after deleting the stored
    /// series when the write removes it (<see cref="NativeHistogramWrite.RemovesStored"/>).
    /// </summary>
    public async Task AddAsync(string key, NativeHistogramWrite write, CancellationToken cancellationToken)
    {
        if (write.RemovesStored)
        {
            delete.Parameters[0].Value = key;
            delete.Parameters[1].Value = write.LabelsJson;
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (write.OnlyRemoves)
            {
                return;
            }
        }

        select.Parameters[0].Value = key;
        select.Parameters[1].Value = write.LabelsJson;
        NativeSeriesTotals? totals = null;
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                totals = FromRow(reader, write.LabelsJson, 0);
            }
        }

        totals ??= new NativeSeriesTotals(write.LabelsJson, write.Schema);
        totals.Add(write);
        object[] values =
        [
            key, write.LabelsJson, totals.Schema, totals.ZeroThreshold, totals.ZeroCount, totals.Count,
            SqliteReal.ToParameter(totals.Sum), EncodeBuckets(totals),
        ];
        for (var i = 0; i < values.Length; i++)
        {
            upsert.Parameters[i].Value = values[i];
        }

        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored series of family <paramref name="key"/>.</summary>
    public static async Task<List<NativeSeriesTotals>> ReadAsync(
        SqliteConnection connection, SqliteTransaction transaction, string key, CancellationToken cancellationToken)
    {
        var series = new List<NativeSeriesTotals>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadFamilySql;
        command.Parameters.AddWithValue("$key", key);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                series.Add(FromRow(reader, reader.GetString(0), 1));
            }
        }

        return series;
    }

    /// <summary>The series of a row whose columns from <paramref name="first"/> are schema, zero threshold, zero count, count, sum, buckets.</summary>
    private static NativeSeriesTotals FromRow(SqliteDataReader reader, string labelsJson, int first)
    {
        var totals = new NativeSeriesTotals(labelsJson, reader.GetInt32(first))
        {
            ZeroThreshold = reader.GetDouble(first + 1),
            ZeroCount = reader.GetInt64(first + 2),
            Count = reader.GetInt64(first + 3),
            Sum = SqliteReal.TryRead(reader, first + 4, out var sum) ? sum : double.NaN,
        };
        var signs = reader.GetString(first + 5).Split(';');
        DecodeBuckets(signs[0], totals.Positive);
        if (signs.Length > 1)
        {
            DecodeBuckets(signs[1], totals.Negative);
        }

        return totals;
    }

    private static string EncodeBuckets(NativeSeriesTotals totals)
    {
        var text = new StringBuilder();
        Append(text, totals.Positive);
        text.Append(';');
        Append(text, totals.Negative);
        return text.ToString();

        static void Append(StringBuilder text, SortedDictionary<int, long> buckets)
        {
            var first = true;
            foreach (var (key, count) in buckets)
            {
                text.Append(first ? string.Empty : ",").Append(CultureInfo.InvariantCulture, $"{key}:{count}");
                first = false;
            }
        }
    }

    private static void DecodeBuckets(string text, SortedDictionary<int, long> buckets)
    {
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            buckets[int.Parse(pair.AsSpan(0, colon), CultureInfo.InvariantCulture)] = long.Parse(pair.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        }
    }
}
