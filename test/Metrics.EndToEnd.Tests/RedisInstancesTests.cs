using System.Globalization;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Example instances as real processes sharing one real redis-server.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisInstancesTests(RedisServerFixture fixture) : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Two_instances_on_one_redis_serve_the_sum_and_store_it_in_the_seed_layout()
    {
        var redis = fixture.Require();
        var prefix = "e2e" + Guid.NewGuid().ToString("N")[..8];
        string[] settings = [$"--DistributedMetrics:Redis={redis.EndPoint}", $"--DistributedMetrics:Prefix={prefix}"];
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, settings);

        await Task.WhenAll(
            WorkRequests.SendAsync(first.BaseAddress!, "a", 50),
            WorkRequests.SendAsync(second.BaseAddress!, "a", 30));

        await Scrapes.WaitForLinesAsync(first.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 80");
        await Scrapes.WaitForLinesAsync(second.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 80");
        Assert.Equal("80", (await redis.CliAsync("HGET", $"{prefix}_example_work", "_total:{\"kind\":\"a\"}")).Trim());
        var ttl = int.Parse((await redis.CliAsync("TTL", $"{prefix}_example_work")).Trim(), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, 1, 3600);
    }

    [Fact]
    public async Task Instance_with_another_prefix_sees_none_of_it()
    {
        var redis = fixture.Require();
        var prefix = "e2e" + Guid.NewGuid().ToString("N")[..8];
        await using var writer = await ExampleProcess.StartWebApiAsync(
            folder.Path, $"--DistributedMetrics:Redis={redis.EndPoint}", $"--DistributedMetrics:Prefix={prefix}");
        await using var other = await ExampleProcess.StartWebApiAsync(
            folder.Path, $"--DistributedMetrics:Redis={redis.EndPoint}", $"--DistributedMetrics:Prefix={prefix}other");
        await WorkRequests.SendAsync(writer.BaseAddress!, "a", 3);
        await Scrapes.WaitForLinesAsync(writer.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 3");

        using var client = new HttpClient { BaseAddress = other.BaseAddress };
        var body = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("example_work_total{kind=\"a\"}", body, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
