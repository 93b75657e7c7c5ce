using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>
/// Reads the families of the file one at a time inside one read transaction, so a read never sees half a batch and
/// holds one family's rows at a time.
/// </summary>
internal static class SqliteFamilyReader
{
    private const string MetadataSql = "SELECT metric_key, metadata FROM metrics_metadata";

    private const string FamiliesSql = "SELECT metric_key, COUNT(*) FROM metrics GROUP BY metric_key";

    private const string InstanceFamiliesSql = "SELECT metric_key, COUNT(*) FROM metrics_instance_values GROUP BY metric_key";

    private const string SamplesSql = "SELECT subkey, value FROM metrics WHERE metric_key = $key ORDER BY subkey";

    private const string InstanceValuesSql =
        "SELECT subkey, instance_id, value FROM metrics_instance_values WHERE metric_key = $key ORDER BY subkey, instance_id";

    private const string ExemplarsSql = "SELECT subkey, exemplar FROM metrics_exemplars WHERE metric_key = $key";

    /// <summary>
    /// The rows of <c>metrics</c> and <c>metrics_instance_values</c> by <c>metric_key</c> (ordinal order), each with its
    /// stored metadata (or null metadata when none is stored or it cannot be parsed), the exemplars of its fields and
    /// its native histogram series. Field names are handed over as the UTF-8 bytes SQLite holds, in the family's
    /// <see cref="StoredFields"/>: the exposition parses them as bytes.
    /// </summary>
    public static async IAsyncEnumerable<StoredFamily> ReadFamiliesAsync(
        SqliteConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var metadata = await ReadMetadataAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var sizes = await ReadFamilySizesAsync(connection, transaction, FamiliesSql, cancellationToken).ConfigureAwait(false);
        var instanceSizes = await ReadFamilySizesAsync(connection, transaction, InstanceFamiliesSql, cancellationToken).ConfigureAwait(false);
        var names = new SortedSet<string>(sizes.Keys, StringComparer.Ordinal);
        names.UnionWith(instanceSizes.Keys);
        using var samples = Command(connection, transaction, SamplesSql);
        using var instanceValues = Command(connection, transaction, InstanceValuesSql);
        using var exemplars = Command(connection, transaction, ExemplarsSql);
        foreach (var name in names)
        {
            var stored = metadata.TryGetValue(name, out var json) ? MetricMetadata.TryParse(name, json) : null;
            var (fields, notANumber) = await ReadSamplesAsync(samples, name, sizes.GetValueOrDefault(name), cancellationToken).ConfigureAwait(false);
            List<InstanceSample>? perInstance = null;
            if (instanceSizes.ContainsKey(name))
            {
                (perInstance, var unreadable) = await ReadInstanceValuesAsync(instanceValues, name, cancellationToken).ConfigureAwait(false);
                notANumber += unreadable;
            }

            // Only counters' and histograms' exemplars are written; only histograms have native series, and summaries
            // quantile sketches.
            var family = new StoredFamily(name, stored, fields, perInstance)
            {
                NotANumberValues = notANumber,
                Exemplars = stored?.Type is null or MetricType.Counter or MetricType.Histogram
                    ? await ReadExemplarsAsync(exemplars, name, cancellationToken).ConfigureAwait(false)
                    : null,
                NativeSeries = stored?.Type is null or MetricType.Histogram or MetricType.Summary
                    ? await SqliteNativeSeries.ReadAsync(connection, transaction, name, cancellationToken).ConfigureAwait(false)
                    : [],
            };
            yield return family;
        }

        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("$key", SqliteType.Text);
        return command;
    }

    /// <summary>A family's fields (values that are not numbers counted instead).</summary>
    private static async Task<(StoredFields Samples, int NotANumber)> ReadSamplesAsync(
        SqliteCommand command, string name, int expected, CancellationToken cancellationToken)
    {
        var samples = new StoredFields(expected);
        var notANumber = 0;
        if (expected == 0)
        {
            return (samples, notANumber);
        }

        command.Parameters[0].Value = name;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SqliteReal.TryRead(reader, 1, out var value))
                {
                    samples.Add(reader.GetFieldValue<byte[]>(0), value);
                }
                else
                {
                    notANumber++;
                }
            }
        }

        return (samples, notANumber);
    }

    /// <summary>A per-instance gauge's values (values that are not numbers counted instead).</summary>
    private static async Task<(List<InstanceSample> Values, int NotANumber)> ReadInstanceValuesAsync(
        SqliteCommand command, string name, CancellationToken cancellationToken)
    {
        var values = new List<InstanceSample>();
        var notANumber = 0;
        command.Parameters[0].Value = name;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SqliteReal.TryRead(reader, 2, out var value))
                {
                    values.Add(new InstanceSample(reader.GetString(1), reader.GetString(0), value));
                }
                else
                {
                    notANumber++;
                }
            }
        }

        return (values, notANumber);
    }

    /// <summary>A family's exemplars by field, damaged ones left out; null when there are none.</summary>
    private static async Task<Dictionary<string, Exemplar>?> ReadExemplarsAsync(
        SqliteCommand command, string name, CancellationToken cancellationToken)
    {
        var stored = new List<KeyValuePair<string, string>>();
        command.Parameters[0].Value = name;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(new(reader.GetString(0), reader.GetString(1)));
            }
        }

        return ExemplarJson.ParseAll(stored);
    }

    /// <summary>The families a <c>GROUP BY metric_key</c> query lists, with their row counts.</summary>
    private static async Task<Dictionary<string, int>> ReadFamilySizesAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sizes[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        return sizes;
    }

    private static async Task<Dictionary<string, string>> ReadMetadataAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = MetadataSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                metadata[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return metadata;
    }
}
