using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>Reads every family of the file inside one read transaction, so a read never sees half a batch.</summary>
internal static class SqliteFamilyReader
{
    private const string MetadataSql = "SELECT metric_key, metadata FROM metrics_metadata";

    // The families and their field counts, then the fields in the same order without metric_key: reading the key
    // into a new string for every stored field cost as many strings as fields.
    private const string FamiliesSql = "SELECT metric_key, COUNT(*) FROM metrics GROUP BY metric_key ORDER BY metric_key";

    private const string SamplesSql = "SELECT subkey, value FROM metrics ORDER BY metric_key, subkey";

    private const string InstanceValuesSql =
        "SELECT metric_key, subkey, instance_id, value FROM metrics_instance_values ORDER BY metric_key, subkey, instance_id";

    private const string ExemplarsSql = "SELECT metric_key, subkey, exemplar FROM metrics_exemplars";

    /// <summary>
    /// The rows of <c>metrics</c> and <c>metrics_instance_values</c> grouped by <c>metric_key</c>, each with its stored
    /// metadata (or null metadata when none is stored or it cannot be parsed) and the exemplars of its fields.
    /// </summary>
    public static async Task<IReadOnlyList<StoredFamily>> ReadAsync(
        SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var metadata = await ReadMetadataAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var sizes = await ReadFamilySizesAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var families = new List<StoredFamily>(sizes.Count);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SamplesSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            // One read transaction: the fields are exactly the rows the counts were taken of, in the same order.
            foreach (var (name, count) in sizes)
            {
                var samples = new List<StoredSample>(count);
                var notANumber = 0;
                for (var i = 0; i < count && await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
                {
                    if (SqliteReal.TryRead(reader, 1, out var value))
                    {
                        samples.Add(new StoredSample(reader.GetString(0), value));
                    }
                    else
                    {
                        notANumber++;
                    }
                }

                AddFamily(families, name, samples, metadata);
                families[^1] = families[^1] with { NotANumberValues = notANumber };
            }
        }

        var notANumberInstanceValues = new Dictionary<string, int>(StringComparer.Ordinal);
        var instanceValues = await ReadInstanceValuesAsync(connection, transaction, notANumberInstanceValues, cancellationToken)
            .ConfigureAwait(false);
        var exemplars = await ReadExemplarsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var native = await SqliteNativeSeries.ReadAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
        for (var i = 0; i < families.Count; i++)
        {
            if (instanceValues.Remove(families[i].Name, out var values))
            {
                families[i] = families[i] with { InstanceSamples = values };
            }

            if (exemplars.TryGetValue(families[i].Name, out var stored))
            {
                families[i] = families[i] with { Exemplars = ExemplarJson.ParseAll(stored) };
            }

            if (notANumberInstanceValues.Remove(families[i].Name, out var unreadable))
            {
                families[i] = families[i] with { NotANumberValues = families[i].NotANumberValues + unreadable };
            }

            if (native.TryGetValue(families[i].Name, out var series))
            {
                families[i] = families[i] with { NativeSeries = series };
            }
        }

        foreach (var (key, values) in instanceValues)
        {
            AddFamily(families, key, [], metadata);
            families[^1] = families[^1] with { InstanceSamples = values };
        }

        foreach (var (key, unreadable) in notANumberInstanceValues)
        {
            AddFamily(families, key, [], metadata);
            families[^1] = families[^1] with { NotANumberValues = unreadable };
        }

        return families;
    }

    /// <summary>The per-instance values by family; values that are not numbers are counted by family in <paramref name="notANumber"/>.</summary>
    private static async Task<Dictionary<string, List<InstanceSample>>> ReadInstanceValuesAsync(
        SqliteConnection connection,
        SqliteTransaction transaction,
        Dictionary<string, int> notANumber,
        CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, List<InstanceSample>>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InstanceValuesSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                if (!SqliteReal.TryRead(reader, 3, out var value))
                {
                    notANumber[key] = notANumber.GetValueOrDefault(key) + 1;
                    continue;
                }

                if (!values.TryGetValue(key, out var family))
                {
                    values[key] = family = [];
                }

                family.Add(new InstanceSample(reader.GetString(2), reader.GetString(1), value));
            }
        }

        return values;
    }

    private static async Task<Dictionary<string, List<KeyValuePair<string, string>>>> ReadExemplarsAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var exemplars = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ExemplarsSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var key = reader.GetString(0);
                if (!exemplars.TryGetValue(key, out var family))
                {
                    exemplars[key] = family = [];
                }

                family.Add(new(reader.GetString(1), reader.GetString(2)));
            }
        }

        return exemplars;
    }

    private static void AddFamily(
        List<StoredFamily> families, string name, IReadOnlyList<StoredSample> samples, Dictionary<string, string> metadata)
    {
        var stored = metadata.TryGetValue(name, out var json) ? MetricMetadata.TryParse(name, json) : null;
        families.Add(new StoredFamily(name, stored, samples));
    }

    private static async Task<List<(string Name, int Count)>> ReadFamilySizesAsync(
        SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var sizes = new List<(string Name, int Count)>();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = FamiliesSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sizes.Add((reader.GetString(0), reader.GetInt32(1)));
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
