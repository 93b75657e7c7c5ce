using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// The example service over a real redis-server that freezes, restarts or is not there yet: requests keep
/// succeeding during the fault, and afterwards the totals are exact (nothing lost, nothing counted twice).
/// Each test has a server of its own; the latencies measured are written to the test output, not asserted.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class StoreOutageTests(RedisServerFixture fixture)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Store_frozen_for_five_seconds_requests_succeed_and_totals_are_exact()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        using var app = new RedisWebApi(server.EndPoint);
        await app.WorkForAsync("warm-up", TimeSpan.FromMilliseconds(500));
        var before = await app.WorkForAsync("freeze", TimeSpan.FromSeconds(1));
        await app.WaitForTotalAsync("freeze", before.Served, Recovery);

        (int Served, TimeSpan Slowest) during;
        await server.FreezeAsync();
        try
        {
            during = await app.WorkForAsync("freeze", TimeSpan.FromSeconds(5));
        }
        finally
        {
            await server.ThawAsync();
        }

        var after = await app.WorkForAsync("freeze", TimeSpan.FromMilliseconds(500));
        await app.WaitForTotalAsync("freeze", before.Served + during.Served + after.Served, Recovery);
        Report($"5 s freeze: {during.Served} requests served, slowest {during.Slowest.TotalMilliseconds:0.0} ms "
            + $"(before the freeze: slowest {before.Slowest.TotalMilliseconds:0.0} ms of {before.Served}).");
    }

    [Fact]
    public async Task Store_restarted_requests_succeed_and_totals_are_exact()
    {
        fixture.Require();
        using var data = new TempFolder();
        string[] persistent = ["--appendonly", "yes", "--appendfsync", "always", "--dir", data.Path];
        var server = await RedisServer.StartAsync(fixture.Tools!, persistent);
        var port = server.Port;
        try
        {
            using var app = new RedisWebApi(server.EndPoint);
            var before = await app.WorkForAsync("restart", TimeSpan.FromMilliseconds(500));
            await server.DisposeAsync();
            var down = await app.WorkForAsync("restart", TimeSpan.FromSeconds(2));
            server = await RedisServer.StartAsync(fixture.Tools!, persistent, port);
            var after = await app.WorkForAsync("restart", TimeSpan.FromMilliseconds(500));

            await app.WaitForTotalAsync("restart", before.Served + down.Served + after.Served, Recovery);
            Report($"Restart: {down.Served} requests served while the store was down, slowest {down.Slowest.TotalMilliseconds:0.0} ms.");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Store_unreachable_at_start_up_requests_succeed_and_totals_are_exact()
    {
        fixture.Require();
        var port = FreePorts.Take(1)[0];
        RedisServer? server = null;
        try
        {
            using var app = new RedisWebApi("127.0.0.1:" + port);
            var down = await app.WorkForAsync("late", TimeSpan.FromSeconds(2));
            server = await RedisServer.StartAsync(fixture.Tools!, [], port);
            var after = await app.WorkForAsync("late", TimeSpan.FromMilliseconds(500));

            await app.WaitForTotalAsync("late", down.Served + after.Served, Recovery);
            Report($"Unreachable at start-up: {down.Served} requests served before the store existed, slowest {down.Slowest.TotalMilliseconds:0.0} ms.");
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Scrape_while_store_frozen_returns_503_with_short_text()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        using var app = new RedisWebApi(server.EndPoint, scrapeTimeout: "00:00:00.500");
        await app.WorkAsync("scrape");
        await app.WaitForTotalAsync("scrape", 1, Recovery);

        await server.FreezeAsync();
        HttpResponseMessage response;
        string body;
        var clock = Stopwatch.StartNew();
        try
        {
            response = await app.Client.GetAsync("/metrics", TestContext.Current.CancellationToken);
            body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            await server.ThawAsync();
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            // Either the scrape bound fires first, or the client already gave up on the frozen server: both are a
            // short one-line 503, never a hang or a stack trace.
            Assert.True(
                body is "Metrics store did not answer within 0.5 s.\n" or "Metrics store cannot be read.\n",
                "Unexpected 503 body: " + body);
        }

        Report($"Scrape of a frozen store answered 503 after {clock.Elapsed.TotalMilliseconds:0} ms (ScrapeTimeout 500 ms).");
    }

    [Fact]
    public async Task Health_check_while_store_frozen_is_unhealthy_and_healthy_after_thaw()
    {
        fixture.Require();
        await using var server = await RedisServer.StartAsync(fixture.Tools!, []);
        using var host = await StoreHealthCheckTests.StartAsync(o =>
        {
            o.UseRedis(server.EndPoint + ",syncTimeout=5000", "health" + Guid.NewGuid().ToString("N")[..8]);
            o.ScrapeTimeout = TimeSpan.FromMilliseconds(500);
            o.ScrapeCacheDuration = TimeSpan.Zero;
        });
        Assert.Equal(HealthStatus.Healthy, (await StoreHealthCheckTests.CheckAsync(host)).Status);

        HealthReportEntry frozen;
        await server.FreezeAsync();
        try
        {
            frozen = await StoreHealthCheckTests.CheckAsync(host);
        }
        finally
        {
            await server.ThawAsync();
        }

        Assert.Equal(HealthStatus.Unhealthy, frozen.Status);
        Assert.Equal("The metrics store did not answer a read within 0.5 s.", frozen.Description);
        Assert.Equal(HealthStatus.Healthy, (await StoreHealthCheckTests.CheckAsync(host)).Status);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Health_check_of_an_unreachable_store_is_unhealthy()
    {
        fixture.Require();
        var port = FreePorts.Take(1)[0];
        using var host = await StoreHealthCheckTests.StartAsync(o => o.UseRedis("127.0.0.1:" + port + ",connectTimeout=500,syncTimeout=500"));

        var entry = await StoreHealthCheckTests.CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("The metrics store cannot be read: ", entry.Description, StringComparison.Ordinal);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
