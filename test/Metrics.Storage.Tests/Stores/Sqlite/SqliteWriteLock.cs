using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

/// <summary>
/// Another process's hold on an SQLite file's write lock, as a test's outage: a write transaction on a connection of its
/// own, so every writer of the file waits for its busy timeout and fails, until <see cref="ReleaseAsync"/>.
/// </summary>
internal sealed class SqliteWriteLock : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private SqliteTransaction? transaction;

    private SqliteWriteLock(string path)
    {
        connection = new SqliteConnection($"Data Source={path};Pooling=False");
    }

    /// <summary>Takes the write lock of the file at <paramref name="path"/>.</summary>
    public static async Task<SqliteWriteLock> TakeAsync(string path)
    {
        var held = new SqliteWriteLock(path);
        await held.connection.OpenAsync(TestContext.Current.CancellationToken);
        held.transaction = (SqliteTransaction)await held.connection.BeginTransactionAsync(
            System.Data.IsolationLevel.Serializable, TestContext.Current.CancellationToken);
        using var write = held.connection.CreateCommand();
        write.CommandText = "DELETE FROM metrics WHERE metric_key = 'nothing'";
        await write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return held;
    }

    /// <summary>Lets go of the lock.</summary>
    public async Task ReleaseAsync()
    {
        if (transaction is not null)
        {
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
            await transaction.DisposeAsync();
            transaction = null;
        }
    }

    /// <summary>Lets go of the lock and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await ReleaseAsync();
        await connection.DisposeAsync();
    }
}
