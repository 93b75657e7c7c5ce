using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>
/// An app whose Redis refuses it access (a wrong password, an ACL user lacking a command) keeps serving, says what was
/// refused in its log, its health check and the 503 body of <c>/metrics</c>, and loses nothing once access is fixed.
/// </summary>
[Collection(SecuredRedisGroup.Name)]
public sealed class RedisAccessTests(SecuredRedisFixture fixture)
{
    private const string UserPassword = "metrics-Secret-1";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wrong_password_is_named_in_the_log_the_health_check_and_the_503_body_while_requests_are_served()
    {
        var server = fixture.Require();
        var logs = new CollectingLoggerProvider();
        using var host = await StartAsync($"{server.EndPoint},password=not-the-password,connectTimeout=2000", "wrong" + Guid.NewGuid().ToString("N")[..8], logs);
        var client = host.GetTestClient();

        using var work = await client.GetAsync("/work", Token);
        using var scrape = await client.GetAsync("/metrics", Token);
        var health = await StoreHealthCheckTests.CheckAsync(host);
        await Eventually.HoldsAsync(
            () => Task.FromResult(logs.Exceptions.Any(m => m.Contains("refused the password", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30),
            "a logged flush failure naming the refused password");

        Assert.Equal(StatusCodes.Status200OK, (int)work.StatusCode);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, (int)scrape.StatusCode);
        Assert.Equal(
            "Metrics store cannot be read: Redis refused the password or user of the configuration (NOAUTH).\n",
            await scrape.Content.ReadAsStringAsync(Token));
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("Redis refused the password or user of the configuration", health.Description, StringComparison.Ordinal);
        Assert.Contains("password=", health.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flush_refused_by_the_acl_lands_exactly_once_after_the_user_is_granted_the_command()
    {
        var server = fixture.Require();
        var prefix = "acl" + Guid.NewGuid().ToString("N")[..8];
        var user = "late-" + prefix;
        var granted = ReadmeAcl.Rules(prefix, UserPassword);
        await fixture.SetUserAsync(user, [.. granted, "-eval", "-evalsha"]);
        using var host = await StartAsync($"{server.EndPoint},user={user},password={UserPassword}", prefix, new CollectingLoggerProvider());
        var client = host.GetTestClient();
        for (var i = 0; i < 5; i++)
        {
            using var work = await client.GetAsync("/work", Token);
            Assert.Equal(StatusCodes.Status200OK, (int)work.StatusCode);
        }

        await Eventually.HoldsAsync(
            async () => (await StoreHealthCheckTests.CheckAsync(host)).Description?.Contains("(NOPERM)", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30),
            "the health check naming the refused command");
        var refused = (await StoreHealthCheckTests.CheckAsync(host)).Description;
        await fixture.SetUserAsync(user, granted);

        var body = string.Empty;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var scrape = await client.GetAsync("/metrics", Token);
                body = await scrape.Content.ReadAsStringAsync(Token);
                return body.Contains("access_work_total 5\n", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(60),
            "the queued flush landing after the grant");

        Assert.Contains("Redis ACL refused command 'eval' to this user (NOPERM)", refused, StringComparison.Ordinal);
        await host.DistributedMetrics().FlushAsync(Token);
        using var again = await client.GetAsync("/metrics", Token);
        Assert.Contains("access_work_total 5\n", await again.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_refused_after_the_first_family_answers_503_with_no_part_of_the_exposition()
    {
        var server = fixture.Require();
        var prefix = "part" + Guid.NewGuid().ToString("N")[..8];
        await using (var writer = DistributedMetrics.Create(o =>
        {
            o.UseRedis($"{server.EndPoint},password={SecuredRedisFixture.AdminPassword}", prefix);
            o.SelfMetrics = false;
        }))
        {
            writer.CreateCounter("a_first_total", "Readable.").Inc();
            writer.CreateCounter("z_last_total", "Refused to the scraping user.").Inc();
            await writer.FlushAsync(Token);
        }

        // The README's rules, but of the family keys only those starting with a_: the read lists both families, reads the
        // first and is refused the second.
        var user = "part-" + prefix;
        var granted = ReadmeAcl.Rules(prefix, UserPassword);
        await fixture.SetUserAsync(user, [.. granted.Where(r => r != $"~{prefix}*"), $"~{prefix}:*", $"~{prefix}_a*"]);
        using var host = await StartAsync($"{server.EndPoint},user={user},password={UserPassword}", prefix, new CollectingLoggerProvider());
        var client = host.GetTestClient();

        using var refused = await client.GetAsync("/metrics", Token);
        var refusedBody = await refused.Content.ReadAsStringAsync(Token);
        await fixture.SetUserAsync(user, granted);
        using var served = await client.GetAsync("/metrics", Token);
        var servedBody = await served.Content.ReadAsStringAsync(Token);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, (int)refused.StatusCode);
        Assert.Equal("Metrics store cannot be read: Redis ACL refused this user access to a key or channel (NOPERM).\n", refusedBody);
        Assert.Equal(StatusCodes.Status200OK, (int)served.StatusCode);
        Assert.Contains("a_first_total 1\n", servedBody, StringComparison.Ordinal);
        Assert.Contains("z_last_total 1\n", servedBody, StringComparison.Ordinal);
    }

    private static Task<IHost> StartAsync(string configuration, string prefix, CollectingLoggerProvider logs) =>
        TestHosts.StartAsync(
            o =>
            {
                o.UseRedis(configuration + ",syncTimeout=5000", prefix);
                o.FlushInterval = TimeSpan.FromMilliseconds(100);
                o.ScrapeCacheDuration = TimeSpan.Zero;
                o.SelfMetrics = false;
            },
            services => services.AddSingleton<ILoggerProvider>(logs).AddHealthChecks().AddDistributedMetricsStore(),
            endpoints =>
            {
                var work = endpoints.ServiceProvider.GetRequiredService<IMetricFactory>().CreateCounter("access_work_total", "Work done.");
                endpoints.MapGet("/work", () => work.Inc());
                endpoints.MapDistributedMetrics();
            });
}
