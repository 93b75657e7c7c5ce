using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus.Distributed.Testing;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary><c>AddHealthChecks().ForwardToDistributedMetrics()</c>: each check's status as a gauge per live instance.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class HealthCheckMetricsTests(RedisServerFixture redis)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestStores.Kinds), MemberType = typeof(TestStores))]
    public async Task Each_health_check_status_is_served_as_a_gauge_of_this_instance(string store)
    {
        using var folder = new TempFolder();
        using var host = await TestHosts.StartAsync(
            o =>
            {
                o.Use(store, redis, folder);
                o.InstanceId = "web-1";
                o.FlushInterval = TimeSpan.FromMilliseconds(100);
                o.ScrapeCacheDuration = TimeSpan.Zero;
                o.ProcessMetrics = false;
            },
            services =>
            {
                services.AddHealthChecks()
                    .AddCheck("db", () => HealthCheckResult.Healthy())
                    .AddCheck("cache", () => HealthCheckResult.Degraded())
                    .AddCheck("queue", () => HealthCheckResult.Unhealthy())
                    .ForwardToDistributedMetrics()
                    .ForwardToDistributedMetrics();
                services.Configure<HealthCheckPublisherOptions>(o =>
                {
                    o.Delay = TimeSpan.Zero;
                    o.Period = TimeSpan.FromSeconds(1);
                });
            });
        using var client = host.GetTestClient();
        string[] expected =
        [
            "aspnetcore_healthcheck_status{name=\"cache\",instance=\"web-1\"} 0.5",
            "aspnetcore_healthcheck_status{name=\"db\",instance=\"web-1\"} 1",
            "aspnetcore_healthcheck_status{name=\"queue\",instance=\"web-1\"} 0",
        ];
        string[] seen = [];

        await Eventually.HoldsAsync(
            async () =>
            {
                // A scrape whose store read timed out on a loaded machine answers 503; the next one is asked again.
                using var response = await client.GetAsync("/metrics", Token);
                if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return false;
                }

                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsStringAsync(Token);
                seen = [.. body.Split('\n').Where(l => l.StartsWith("aspnetcore_healthcheck_status{", StringComparison.Ordinal))];
                return seen.SequenceEqual(expected);
            },
            TimeSpan.FromSeconds(30),
            "Publication of the three statuses");

        Assert.Single(host.Services.GetServices<IHealthCheckPublisher>());
    }
}
