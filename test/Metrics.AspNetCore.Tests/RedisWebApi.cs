using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// The example service through WebApplicationFactory, on a real Redis at a given end point (which may be down):
/// short client timeouts, a fast flush, its own key prefix.
/// </summary>
internal sealed class RedisWebApi : IDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    public RedisWebApi(string endPoint, string scrapeTimeout = "00:00:05")
    {
        var prefix = "web" + Guid.NewGuid().ToString("N")[..10];
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("DistributedMetrics:Redis", endPoint + ",syncTimeout=1000,connectTimeout=1000")
            .UseSetting("DistributedMetrics:Prefix", prefix)
            .UseSetting("DistributedMetrics:FlushInterval", "00:00:00.100")
            .UseSetting("DistributedMetrics:ScrapeTimeout", scrapeTimeout)
            .UseSetting("DistributedMetrics:ScrapeCacheDuration", "00:00:00"));
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Sends <c>GET /work/{kind}</c> and fails the test unless it succeeds; returns its latency.</summary>
    public async Task<TimeSpan> WorkAsync(string kind)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await Client.GetAsync("/work/" + kind, Token);
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Sends work requests from <paramref name="parallel"/> loops until <paramref name="duration"/> has passed (or at
    /// least one each); returns how many were served and the slowest latency.
    /// </summary>
    public async Task<(int Served, TimeSpan Slowest)> WorkForAsync(string kind, TimeSpan duration, int parallel = 4)
    {
        var clock = Stopwatch.StartNew();
        var served = 0;
        var slowestTicks = 0L;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            do
            {
                var latency = await WorkAsync(kind);
                Interlocked.Increment(ref served);
                InterlockedMax(ref slowestTicks, latency.Ticks);
            }
            while (clock.Elapsed < duration);
        }));
        return (served, TimeSpan.FromTicks(slowestTicks));
    }

    /// <summary>Waits until <c>/metrics</c> shows <paramref name="expected"/> work items of <paramref name="kind"/>; returns the last body.</summary>
    public async Task<string> WaitForTotalAsync(string kind, int expected, TimeSpan within)
    {
        var line = $"example_work_total{{kind=\"{kind}\"}} {expected.ToString(CultureInfo.InvariantCulture)}\n";
        var clock = Stopwatch.StartNew();
        var body = string.Empty;
        while (!body.Contains(line, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < within, $"/metrics never showed {line.Trim()} within {within}; last body:\n{body}");
            await Task.Delay(TimeSpan.FromMilliseconds(100), Token);
            using var response = await Client.GetAsync("/metrics", Token);
            body = await response.Content.ReadAsStringAsync(Token);
        }

        return body;
    }

    public void Dispose()
    {
        Client.Dispose();
        factory.Dispose();
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
