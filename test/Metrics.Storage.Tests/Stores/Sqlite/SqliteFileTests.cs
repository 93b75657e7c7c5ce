using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Stores.Sqlite;
using static Prometheus.Distributed.Tests.Stores.Sqlite.Batches;

namespace Prometheus.Distributed.Tests.Stores.Sqlite;

public sealed class SqliteFileTests : IDisposable
{
    private readonly TempDatabase database = new();
    private readonly CancellationToken token = TestContext.Current.CancellationToken;

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Constructing_a_store_touches_no_file()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));

        Assert.False(Directory.Exists(Path.GetDirectoryName(database.FilePath)));
    }

    [Fact]
    public async Task First_use_creates_the_folder_and_a_file_in_wal_mode()
    {
        await using var store = new SqliteMetricStore(new(database.FilePath));

        await store.ReadAsync(token);

        Assert.True(File.Exists(database.FilePath));
        Assert.Equal("wal", database.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task Seed_table_and_rows_already_in_the_file_are_read_back_and_added_to()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        database.Execute(
            "CREATE TABLE metrics(metric_key TEXT NOT NULL, subkey TEXT NOT NULL, value REAL NOT NULL, "
            + "PRIMARY KEY(metric_key, subkey));"
            + """INSERT INTO metrics VALUES('jobs', '_total:{"kind":"a"}', 5.0);""");
        await using var store = new SqliteMetricStore(new(database.FilePath));

        var seeded = Assert.Single(await store.ReadAsync(token));
        Assert.Equal("jobs", seeded.Name);
        Assert.Null(seeded.Metadata);
        Assert.Equal(5, seeded.Samples.Single().Value);

        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), Add("""_total:{"kind":"a"}""", 2))), token);

        Assert.Equal(7, (await store.ReadAsync(token)).Value("jobs", """_total:{"kind":"a"}"""));
        Assert.Equal(1L, database.Scalar("SELECT count(*) FROM metrics"));
    }

    [Fact]
    public async Task File_that_is_not_sqlite_fails_with_its_path_and_is_left_unchanged()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(database.FilePath)!);
        var bytes = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("not a database, keep me. ", 200)));
        await File.WriteAllBytesAsync(database.FilePath, bytes, token);
        await using var store = new SqliteMetricStore(new(database.FilePath));

        var write = await Assert.ThrowsAsync<InvalidDataException>(
            () => store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), Add("_total:{}", 1))), token));
        var read = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadAsync(token));

        Assert.Contains(database.FilePath, write.Message, StringComparison.Ordinal);
        Assert.Contains(database.FilePath, read.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(database.FilePath, token));
    }

    [Fact]
    public async Task Dispose_closes_the_connections_so_the_wal_is_folded_back_into_the_file()
    {
        var store = new SqliteMetricStore(new(database.FilePath));
        await store.ApplyAsync(Batch("i", 1, Family(Counter("jobs"), Add("_total:{}", 1))), token);
        Assert.True(File.Exists(database.FilePath + "-wal"));

        await store.DisposeAsync();

        Assert.False(File.Exists(database.FilePath + "-wal"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync(token));
    }
}
