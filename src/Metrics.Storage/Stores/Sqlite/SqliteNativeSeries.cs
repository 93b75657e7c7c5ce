using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// The native parts of the file: native-histogram series in <c>metrics_native</c> (see <see cref="SqliteSchema.Native"/>),
/// one row per series, and summaries' quantile sketches in <c>metrics_sketches</c> (<see cref="SqliteSchema.Sketches"/>),
/// one row per slot of the window and series, its labels slot-qualified (<see cref="SketchSlots.Key"/>) and with the unix
/// time in milliseconds it may be dropped at. Each row holds a schema, zero bucket, count, sum and buckets. A write reads
/// the row, merges (at the coarser schema) and writes it back, inside the batch's <c>BEGIN IMMEDIATE</c> transaction, so
/// no other writer comes between. Buckets are text: <c>key:count</c> pairs by increasing key, comma-separated, positive
/// then <c>;</c> then negative.
/// </summary>
internal sealed class SqliteNativeSeries
{
    private const string Columns = "schema, zero_threshold, zero_count, count, sum, buckets";

    private const string ReadFamilySql =
        $"SELECT labels, {Columns} FROM metrics_native WHERE metric_key = $key UNION ALL "
        + $"SELECT labels, {Columns} FROM metrics_sketches WHERE metric_key = $key ORDER BY labels";

    private const string PruneSql = "DELETE FROM metrics_sketches WHERE expires_at <= $now";

    private readonly SqliteCommand select;
    private readonly SqliteCommand upsert;
    private readonly SqliteCommand delete;
    private readonly SqliteCommand? prune;

    private SqliteNativeSeries(Func<string, string[], SqliteCommand> prepare, bool sketches)
    {
        var table = sketches ? "metrics_sketches" : "metrics_native";
        var (expiryColumn, expiryValue) = sketches ? (", expires_at", ", $expires_at") : (string.Empty, string.Empty);
        select = prepare($"SELECT {Columns} FROM {table} WHERE metric_key = $key AND labels = $labels", ["$key", "$labels"]);
        upsert = prepare(
            $"INSERT INTO {table}(metric_key, labels, {Columns}{expiryColumn}) "
            + $"VALUES($key, $labels, $schema, $zero_threshold, $zero_count, $count, $sum, $buckets{expiryValue}) "
            + "ON CONFLICT(metric_key, labels) DO UPDATE SET schema = excluded.schema, zero_threshold = excluded.zero_threshold, "
            + "zero_count = excluded.zero_count, count = excluded.count, sum = excluded.sum, buckets = excluded.buckets"
            + (sketches ? ", expires_at = excluded.expires_at" : string.Empty),
            ["$key", "$labels", "$schema", "$zero_threshold", "$zero_count", "$count", "$sum", "$buckets", .. sketches ? (string[])["$expires_at"] : []]);

        // A summary's series is removed from every slot: the labels after the slot's colon.
        delete = prepare(
            sketches
                ? "DELETE FROM metrics_sketches WHERE metric_key = $key AND substr(labels, instr(labels, ':') + 1) = $labels"
                : "DELETE FROM metrics_native WHERE metric_key = $key AND labels = $labels",
            ["$key", "$labels"]);
        prune = sketches ? prepare(PruneSql, ["$now"]) : null;
    }

    /// <summary>The native-histogram series, with statements prepared by <paramref name="prepare"/> (SQL, parameter names), whose owner disposes them.</summary>
    public static SqliteNativeSeries Histograms(Func<string, string[], SqliteCommand> prepare) => new(prepare, sketches: false);

    /// <summary>The summaries' sketch slots, with statements prepared by <paramref name="prepare"/>, whose owner disposes them.</summary>
    public static SqliteNativeSeries Sketches(Func<string, string[], SqliteCommand> prepare) => new(prepare, sketches: true);

    /// <summary>
    /// Adds <paramref name="write"/> to the stored series of family <paramref name="key"/> (for a sketch, in the slot of
    /// <paramref name="sketch"/>, kept until its expiry), after deleting the stored series (of a sketch, in every slot)
    /// when the write removes it (<see cref="NativeHistogramWrite.RemovesStored"/>).
    /// </summary>
    public async Task AddAsync(string key, NativeHistogramWrite write, (long Slot, long ExpiresAt)? sketch, CancellationToken cancellationToken)
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

        var labels = sketch is { } s ? SketchSlots.Key(s.Slot, write.LabelsJson) : write.LabelsJson;
        select.Parameters[0].Value = key;
        select.Parameters[1].Value = labels;
        NativeSeriesTotals? totals = null;
        var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                totals = FromRow(reader, labels, 0);
            }
        }

        totals ??= new NativeSeriesTotals(labels, write.Schema);
        totals.Add(write);
        object[] values =
        [
            key, labels, totals.Schema, totals.ZeroThreshold, totals.ZeroCount, totals.Count,
            SqliteReal.ToParameter(totals.Sum), EncodeBuckets(totals), .. sketch is { } slot ? (object[])[slot.ExpiresAt] : [],
        ];
        for (var i = 0; i < values.Length; i++)
        {
            upsert.Parameters[i].Value = values[i];
        }

        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the sketch slots whose expiry is at or before <paramref name="nowMilliseconds"/> (unix time).</summary>
    public async Task PruneAsync(long nowMilliseconds, CancellationToken cancellationToken)
    {
        if (prune is null)
        {
            return;
        }

        prune.Parameters[0].Value = nowMilliseconds;
        await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stored native-histogram series and sketch slots of family <paramref name="key"/>.</summary>
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
