using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Prometheus.Distributed.Testing.Servers;
using StackExchange.Redis;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// <c>UseRedis(sp =&gt; sp.GetRequiredService&lt;IConnectionMultiplexer&gt;())</c>: the application's own multiplexer
/// carries the metrics, is resolved only when the store is first used, and outlives the host.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class SharedMultiplexerTests(RedisServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task App_multiplexer_is_resolved_at_first_use_carries_the_metrics_and_is_never_disposed()
    {
        var server = fixture.Require();
        var prefix = "shared" + Guid.NewGuid().ToString("N")[..8];
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        var resolutions = 0;
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(multiplexer);
        services.AddDistributedMetrics(o => o.UseRedis(
            sp =>
            {
                Interlocked.Increment(ref resolutions);
                return sp.GetRequiredService<IConnectionMultiplexer>();
            },
            prefix));

        await using (var provider = services.BuildServiceProvider())
        {
            var metrics = provider.GetRequiredService<DistributedMetrics>();
            var resolvedBeforeUse = resolutions;
            metrics.CreateCounter("shared_work_total", "Work done.").Inc(3);
            await metrics.FlushAsync(Token);

            Assert.Equal(0, resolvedBeforeUse);
            Assert.Equal(1, resolutions);
        }

        Assert.True(multiplexer.IsConnected);
        var stored = await multiplexer.GetDatabase().HashGetAsync(prefix + "_shared_work", "_total:{}");
        Assert.Equal("3", (string?)stored);
    }

    [Fact]
    public async Task Host_serves_the_scrape_through_the_app_multiplexer()
    {
        var server = fixture.Require();
        var prefix = "shared" + Guid.NewGuid().ToString("N")[..8];
        using var multiplexer = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
        using var host = await TestHosts.StartAsync(
            o => o.UseRedis(sp => sp.GetRequiredService<IConnectionMultiplexer>(), prefix),
            services => services.AddSingleton<IConnectionMultiplexer>(multiplexer));

        host.Metrics().CreateCounter("shared_scrapes_total", "Scrapes.").Inc(2);
        await host.DistributedMetrics().FlushAsync(Token);
        var body = await host.GetTestClient().GetStringAsync("/metrics", Token);
        await host.StopAsync(Token);

        Assert.Contains("shared_scrapes_total 2\n", body, StringComparison.Ordinal);
        Assert.Equal("PONG", (string?)await multiplexer.GetDatabase().ExecuteAsync("PING"));
    }
}
