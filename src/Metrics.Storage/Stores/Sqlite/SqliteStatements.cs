using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Stores.Sqlite;

/// <summary>One-off statements with named parameters, for the store's bookkeeping (the batch applier prepares its own).</summary>
internal static class SqliteStatements
{
    /// <summary>Runs <paramref name="sql"/> and returns the first column of its first row.</summary>
    public static async Task<object?> ScalarAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="sql"/>; returns how many rows it changed.</summary>
    public static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of every row, as text.</summary>
    public static async Task<List<string>> ReadStringsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        var values = new List<string>();
        using var command = Command(connection, transaction, sql, parameters);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                values.Add(reader.GetString(0));
            }
        }

        return values;
    }

    /// <summary>A command on <paramref name="connection"/> in <paramref name="transaction"/> with the parameters bound.</summary>
    public static SqliteCommand Command(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
