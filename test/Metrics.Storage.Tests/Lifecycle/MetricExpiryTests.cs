using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;

namespace Prometheus.Distributed.Tests.Lifecycle;

/// <summary>
/// <c>MetricExpiry</c>: a metric's Redis key expires sooner than the store's <c>Expiry</c>; on SQLite the family is pruned
/// once idle that long; the in-memory store refuses it.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class MetricExpiryTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metric_with_its_own_expiry_leaves_redis_sooner_than_the_others()
    {
        var server = redis.Require();
        var prefix = "exp" + Guid.NewGuid().ToString("N")[..10];
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseRedis(server.EndPoint, prefix);
            o.MetricExpiry["job_items_total"] = TimeSpan.FromSeconds(1);
            o.ScrapeCacheDuration = TimeSpan.Zero;
            o.SelfMetrics = false;
        });
        metrics.CreateCounter("job_items_total", "Items of the last job.").Inc(3);
        metrics.CreateCounter("app_requests_total", "Requests.").Inc();
        await metrics.FlushAsync(Ct);
        using var connection = await ConnectionMultiplexer.ConnectAsync(server.EndPoint);
        var database = connection.GetDatabase();

        var own = await database.KeyTimeToLiveAsync(prefix + "_job_items");
        var store = await database.KeyTimeToLiveAsync(prefix + "_app_requests");

        Assert.InRange(own!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.InRange(store!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        await Eventually.HoldsAsync(
            async () => !(await StoreText.ScrapeAsync(metrics)).Contains("job_items_total", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "Expiry of job_items_total");
        Assert.Contains("app_requests_total 1", await StoreText.ScrapeAsync(metrics), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("memory", "00:01:00", "MetricExpiry applies to the Redis and SQLite stores; the in-memory store keeps everything.")]
    [InlineData("redis", "02:00:00", "MetricExpiry:job_items_total must name a metric and be positive and at most Expiry (01:00:00); it is 02:00:00.")]
    [InlineData("redis", "00:00:00", "MetricExpiry:job_items_total must name a metric and be positive")]
    public void Invalid_metric_expiry_is_refused_naming_the_setting(string store, string expiry, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            if (store == "redis")
            {
                o.UseRedis("localhost:1");
            }
            else
            {
                o.UseInMemory();
            }

            o.MetricExpiry["job_items_total"] = TimeSpan.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture);
        }));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sqlite_prunes_a_metric_idle_for_its_own_expiry_without_a_store_retention()
    {
        using var folder = new TempFolder();
        var path = folder.File("metrics.db");
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseSqlite(path);
            o.MetricExpiry["job_items_total"] = TimeSpan.FromSeconds(1);
            o.SelfMetrics = false;
        });
        metrics.CreateCounter("job_items_total", "Items of the last job.").Inc(3);
        var requests = metrics.CreateCounter("app_requests_total", "Requests.");
        requests.Inc();
        await metrics.FlushAsync(Ct);

        await SqliteRetentionTests.AwaitPrunedAsync(metrics, requests, path, "job_items");
        Assert.Equal(2, await SqliteRetentionTests.CountAsync(path, "SELECT count(*) FROM metrics WHERE metric_key = 'app_requests'"));
    }
}
