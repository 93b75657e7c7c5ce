using Microsoft.Data.Sqlite;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

/// <summary>A database path in a fresh temporary folder (its parent folder not yet created); deleted afterwards.</summary>
internal sealed class TempDatabase : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "sqlite-store-tests", Guid.NewGuid().ToString("N"));

    public TempDatabase() => FilePath = Path.Combine(root, "data", "metrics.db");

    public string FilePath { get; }

    /// <summary>A connection outside any store and outside the pool, to inspect or prepare the file.</summary>
    public SqliteConnection OpenDirect()
    {
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public object? Scalar(string sql)
    {
        using var connection = OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var connection = OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
