using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Monitoring;

/// <summary>
/// Reads of a real Redis: shared between concurrent collections and scrapes (one read and one encoding per format within
/// the cache window), and skipping what they cannot read.
/// </summary>
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
        await using var metrics = Create(server, TimeSpan.Zero);
        await server.CliAsync("CONFIG", "RESETSTAT");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => metrics.CollectAsync(Token)));

        Assert.Equal(5, await IndexReadsAsync(server));
    }

    [Fact]
    public async Task Scrape_storm_within_cache_window_reads_and_encodes_once()
    {
        var server = fixture.Require();
        await using var metrics = Create(server, TimeSpan.FromMinutes(10));
        var jobs = metrics.CreateCounter("jobs_total", "Jobs.", "queue");
        for (var i = 0; i < 500; i++)
        {
            jobs.WithLabels("q" + i.ToString(CultureInfo.InvariantCulture)).Inc();
        }

        await metrics.FlushAsync(Token);
        await server.CliAsync("CONFIG", "RESETSTAT");

        var storm = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => ScrapeAsync(metrics, ExpositionFormat.PrometheusText, gzip: i % 2 == 0)));
        var later = await ScrapeAsync(metrics, ExpositionFormat.PrometheusText, gzip: false);

        Assert.Equal(1, await IndexReadsAsync(server));
        Assert.Equal(1, metrics.Encodings);
        var plain = storm.Where((_, i) => i % 2 == 1).Append(later).ToArray();
        Assert.All(plain, body => Assert.Equal(plain[0], body));
        Assert.All(storm.Where((_, i) => i % 2 == 0), gzipped => Assert.Equal(plain[0], Gunzip(gzipped)));
        Assert.Contains("jobs_total{queue=\"q499\"} 1\n", Encoding.UTF8.GetString(plain[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_format_within_the_window_is_one_more_read_and_encoding()
    {
        var server = fixture.Require();
        await using var metrics = Create(server, TimeSpan.FromMinutes(10));
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await metrics.FlushAsync(Token);
        await server.CliAsync("CONFIG", "RESETSTAT");

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            ScrapeAsync(metrics, i % 2 == 0 ? ExpositionFormat.PrometheusText : ExpositionFormat.OpenMetrics, gzip: false)));

        Assert.Equal(2, await IndexReadsAsync(server));
        Assert.Equal(2, metrics.Encodings);
    }

    [Fact]
    public async Task Scrape_without_cache_window_reads_and_encodes_every_time()
    {
        var server = fixture.Require();
        await using var metrics = Create(server, TimeSpan.Zero);
        metrics.CreateCounter("jobs_total", "Jobs.").Inc();
        await metrics.FlushAsync(Token);
        await server.CliAsync("CONFIG", "RESETSTAT");

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ScrapeAsync(metrics, ExpositionFormat.PrometheusText, gzip: true)));

        Assert.Equal(5, await IndexReadsAsync(server));
        Assert.Equal(5, metrics.Encodings);
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

    /// <summary>Metrics on a fresh prefix of <paramref name="server"/> whose reads are shared for <paramref name="cacheWindow"/>.</summary>
    private static DistributedMetrics Create(RedisServer server, TimeSpan cacheWindow) =>
        DistributedMetrics.Create(o =>
        {
            o.UseRedis(server.Configuration, NewPrefix());
            o.ScrapeCacheDuration = cacheWindow;
        });

    /// <summary>One scrape's body as the endpoint sends it, its share released.</summary>
    private static async Task<byte[]> ScrapeAsync(DistributedMetrics metrics, ExpositionFormat format, bool gzip)
    {
        var body = await metrics.ScrapeAsync(format, escaping: null, gzip, Token);
        try
        {
            using var copy = new MemoryStream();
            await body.WriteToAsync(copy, Token);
            return copy.ToArray();
        }
        finally
        {
            body.Release();
        }
    }

    private static byte[] Gunzip(byte[] gzipped)
    {
        using var plain = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress))
        {
            gzip.CopyTo(plain);
        }

        return plain.ToArray();
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
