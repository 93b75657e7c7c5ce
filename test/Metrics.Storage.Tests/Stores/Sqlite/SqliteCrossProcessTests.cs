using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Sqlite;
using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Sqlite.Batches;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

public sealed class SqliteCrossProcessTests : IDisposable
{
    private const int Increments = 300;

    // The seed's SQLite write: one auto-committed upsert per increment, with Python's default 5 s busy wait.
    private const string SeedStyleWriter = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
        for _ in range(int(sys.argv[2])):
            db.execute("INSERT INTO metrics (metric_key, subkey, value) VALUES (?, ?, ?) "
                       "ON CONFLICT(metric_key, subkey) DO UPDATE SET value = value + ?", ("jobs", "_total:{}", 1.0, 1.0))
        db.close()
        """;

    private readonly TempDatabase database = new();
    private readonly CancellationToken token = TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Python_seed_writer_in_another_process_and_the_store_add_into_the_same_series()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));
        await store.ReadAsync(token);
        var python3 = ExternalTool.Find("python3");
        if (python3 is null)
        {
            ExternalTool.SkipOrFail("python3 is not installed; it plays the seed's writer in another process.");
        }

        // Process.Start runs before RunAsync's first await, so the Python writer and the store below write at once.
        var python = ProcessRunner.RunAsync(
            python3!, ["-c", SeedStyleWriter, database.FilePath, Increments.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: token);

        for (var sequence = 1; sequence <= Increments; sequence++)
        {
            await store.ApplyAsync(Batch("dotnet", sequence, Family(Counter("jobs"), Add("_total:{}", 1))), token);
        }

        var (exitCode, output) = await python;
        Assert.True(exitCode == 0, $"python3 failed: {output}");
        Assert.Equal(2 * Increments, (await store.ReadAsync(token)).Value("jobs", "_total:{}"));
    }
}
