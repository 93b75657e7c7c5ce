using System.Globalization;
using System.Text.RegularExpressions;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Monitoring;

/// <summary>Reads of a real Redis: shared between concurrent collections, and skipping what they cannot read.</summary>
[Collection(RedisServerGroup.Name)]
public sealed partial class StoreReadTests(RedisServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_collections_share_one_store_read()
    {
        var server = fixture.Require();
        await using var metrics = DistributedMetrics.Create(o => o.UseRedis(server.Configuration, NewPrefix()));
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await metrics.FlushAsync(Token);
        await server.CliAsync("CONFIG", "RESETSTAT");

        var snapshots = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => metrics.CollectAsync(Token)));

        Assert.Equal(1, await IndexReadsAsync(server));
        Assert.All(snapshots, s => Assert.Same(snapshots[0], s));
    }

    [Fact]
    public async Task Zero_cache_duration_reads_the_store_for_every_collection()
    {
        var server = fixture.Require();
        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseRedis(server.Configuration, NewPrefix());
            o.ScrapeCacheDuration = TimeSpan.Zero;
        });
        await server.CliAsync("CONFIG", "RESETSTAT");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => metrics.CollectAsync(Token)));

        Assert.Equal(5, await IndexReadsAsync(server));
    }

    [Fact]
    public async Task Foreign_key_and_unreadable_field_are_skipped_reported_and_counted()
    {
        var server = fixture.Require();
        var prefix = NewPrefix();
        using (var redis = await ConnectionMultiplexer.ConnectAsync(server.EndPoint))
        {
            var database = redis.GetDatabase();
            await database.StringSetAsync(prefix + "_broken", "not a hash");
            await database.HashSetAsync(prefix + "_jobs", [new("_total:{}", "7"), new("_total:{\"q\":\"a\"}", "seven")]);
        }

        await using var metrics = DistributedMetrics.Create(o =>
        {
            o.UseRedis(server.Configuration, prefix);
            o.ScrapeCacheDuration = TimeSpan.Zero;
        });
        var reports = new List<SkippedEntry>();
        metrics.Monitor.EntriesSkipped += reports.Add;

        var text = await (await metrics.CollectAsync(Token)).ToTextAsync();
        await metrics.FlushAsync(Token);
        var after = await (await metrics.CollectAsync(Token)).ToTextAsync();

        Assert.Contains("jobs_total 7\n", text, StringComparison.Ordinal);
        Assert.Equal(
            [new SkippedEntry("broken", SkipReason.NotAHash, 1), new SkippedEntry("jobs", SkipReason.NotANumber, 1)],
            reports.OrderBy(r => r.Family, StringComparer.Ordinal));
        Assert.Contains("distributed_metrics_skipped_entries_total{reason=\"not_a_hash\"} 1\n", after, StringComparison.Ordinal);
        Assert.Contains("distributed_metrics_skipped_entries_total{reason=\"not_a_number\"} 1\n", after, StringComparison.Ordinal);
    }

    private static async Task<int> IndexReadsAsync(RedisServer server)
    {
        var stats = await server.CliAsync("INFO", "commandstats");
        var match = SmembersCalls().Match(stats);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"cmdstat_smembers:calls=(\d+)")]
    private static partial Regex SmembersCalls();
}
