using Microsoft.Data.Sqlite;
using Prometheus.Distributed.Testing;

namespace Prometheus.Distributed.Tests.Lifecycle;

/// <summary><c>SqliteRetention</c>: idle families leave the file in a later flush; written ones stay.</summary>
public sealed class SqliteRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Family_idle_longer_than_the_retention_is_pruned_while_a_written_one_stays()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.SqliteRetention = TimeSpan.FromSeconds(1);
            o.SelfMetrics = false;
        });
        var idle = metrics.CreateCounter("idle_total", "Written once.", "queue");
        var busy = metrics.CreateCounter("busy_total", "Written on every flush.");
        idle.WithLabels("q").Inc();
        busy.Inc();
        await metrics.FlushAsync(Ct);
        Assert.Equal(2, await CountAsync(path, "SELECT count(DISTINCT metric_key) FROM metrics"));

        await AwaitPrunedAsync(metrics, busy, path, "idle");

        Assert.Equal(0, await CountAsync(path, "SELECT count(*) FROM metrics_metadata WHERE metric_key = 'idle'"));
        Assert.Equal(2, await CountAsync(path, "SELECT count(*) FROM metrics WHERE metric_key = 'busy'"));
    }

    [Fact]
    public async Task Family_the_seed_wrote_is_pruned_once_idle_for_the_retention()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.SqliteRetention = TimeSpan.FromSeconds(1);
        });
        var busy = metrics.CreateCounter("busy_total", "Written on every flush.");
        busy.Inc();
        await metrics.FlushAsync(Ct);
        await ExecuteAsync(path, "INSERT INTO metrics(metric_key, subkey, value) VALUES('python_jobs', '_total:{}', 3)");

        await AwaitPrunedAsync(metrics, busy, path, "python_jobs");
    }

    [Fact]
    public async Task Without_retention_an_idle_family_is_kept()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using var metrics = DistributedMetrics.Create(o => o.UseSqlite(path));
        metrics.CreateCounter("idle_total", "Written once.").Inc();
        await metrics.FlushAsync(Ct);
        await ExecuteAsync(path, "UPDATE metrics_family_writes SET written_at = written_at - 86400");

        metrics.CreateCounter("busy_total", "Written now.").Inc();
        await metrics.FlushAsync(Ct);

        Assert.Equal(2, await CountAsync(path, "SELECT count(*) FROM metrics WHERE metric_key = 'idle'"));
    }

    [Theory]
    [InlineData("00:00:00.500", "SqliteRetention must be at least one second")]
    [InlineData("01:00:00", "SqliteRetention applies to the SQLite store only")]
    public void Invalid_retention_is_refused_naming_the_setting(string retention, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            if (retention.StartsWith("01", StringComparison.Ordinal))
            {
                o.UseRedis("localhost:1");
            }
            else
            {
                o.UseSqlite("unused.db");
            }

            o.SqliteRetention = TimeSpan.Parse(retention, System.Globalization.CultureInfo.InvariantCulture);
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Flushes writes of <paramref name="busy"/> until no row of <paramref name="family"/> is left, or fails after 60 s.</summary>
    internal static Task AwaitPrunedAsync(DistributedMetrics metrics, ICounter busy, string path, string family) =>
        Eventually.HoldsAsync(
            async () =>
            {
                busy.Inc();
                await metrics.FlushAsync(Ct);
                return await CountAsync(path, $"SELECT count(*) FROM metrics WHERE metric_key = '{family}'") == 0;
            },
            TimeSpan.FromSeconds(60),
            $"Pruning of family '{family}'");

    internal static async Task<long> CountAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
