using System.Globalization;
using Prometheus.Distributed.Tests.Stores.Sqlite;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Stores;

/// <summary>
/// Info and state set data on the real stores is in the seed's layout, read raw (HGETALL on redis-server, rows of the
/// SQLite file): one hash/row set per family, fields <c>{suffix}:{labels json}</c> with keys sorted, nothing extra;
/// the declaration (type, states) lives in the metadata beside it.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class InfoStateSetLayoutTests(RedisServerFixture fixture) : IDisposable
{
    private readonly TempDatabase database = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => ["sqlite", "redis"];

    public void Dispose() => database.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Info_and_state_set_fields_are_stored_in_the_seed_layout(string kind)
    {
        var (configure, readRaw, readMetadata) = Store(kind);
        await using (var metrics = DistributedMetrics.Create(configure))
        {
            var build = metrics.CreateInfo("build_info", "Build information.", "env").WithLabels("prod");
            build.Set(("version", "1.4.1"), ("commit", "0a1b2c"));
            await metrics.FlushAsync(Ct);
            build.Set(new Dictionary<string, string> { ["version"] = "1.4.2", ["commit"] = "9f2c1e" });
            metrics.CreateStateSet("consumer_state", "Consumer state.", ["running", "paused", "stopped"], "queue")
                .WithLabels("orders").SetOnly("running");
        }

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["_info:{\"commit\":\"0a1b2c\",\"env\":\"prod\",\"version\":\"1.4.1\"}"] = 0,
                ["_info:{\"commit\":\"9f2c1e\",\"env\":\"prod\",\"version\":\"1.4.2\"}"] = 1,
            },
            await readRaw("build"));
        Assert.Equal(
            new Dictionary<string, double>
            {
                [":{\"consumer_state\":\"paused\",\"queue\":\"orders\"}"] = 0,
                [":{\"consumer_state\":\"running\",\"queue\":\"orders\"}"] = 1,
                [":{\"consumer_state\":\"stopped\",\"queue\":\"orders\"}"] = 0,
            },
            await readRaw("consumer_state"));
        Assert.Contains("\"type\":\"info\"", await readMetadata("build"), StringComparison.Ordinal);
        var stateSet = await readMetadata("consumer_state");
        Assert.Contains("\"type\":\"stateset\"", stateSet, StringComparison.Ordinal);
        Assert.Contains("\"states\":[\"paused\",\"running\",\"stopped\"]", stateSet, StringComparison.Ordinal);
    }

    private (Action<DistributedMetricsOptions> Configure, Func<string, Task<Dictionary<string, double>>> ReadRaw, Func<string, Task<string>> ReadMetadata) Store(string kind)
    {
        if (kind == "sqlite")
        {
            var path = database.FilePath;
            return (
                o => o.UseSqlite(path),
                family => Task.FromResult(SqliteRows("SELECT subkey, value FROM metrics WHERE metric_key = $key", family)
                    .ToDictionary(r => (string)r[0], r => (double)r[1])),
                family => Task.FromResult((string)SqliteRows("SELECT metadata FROM metrics_metadata WHERE metric_key = $key", family)
                    .Single()[0]));
        }

        var server = fixture.Require();
        var prefix = NewPrefix();
        return (
            o => o.UseRedis(server.EndPoint, prefix),
            async family =>
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
                var hash = await redis.GetDatabase().HashGetAllAsync(prefix + "_" + family);
                return hash.ToDictionary(e => (string)e.Name!, e => double.Parse((string)e.Value!, CultureInfo.InvariantCulture));
            },
            async family =>
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
                return (string)(await redis.GetDatabase().HashGetAsync(prefix + ":dm:meta", family))!;
            });
    }

    private List<object[]> SqliteRows(string sql, string key)
    {
        using var connection = database.OpenDirect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key);
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
