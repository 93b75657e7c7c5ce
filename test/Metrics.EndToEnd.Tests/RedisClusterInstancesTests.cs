using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Example instances as real processes on a real 3-master Redis Cluster.</summary>
[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterInstancesTests(RedisClusterFixture fixture) : IDisposable
{
    private readonly TempFolder folder = new();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_instances_on_a_cluster_add_up_exactly_with_and_without_a_hash_tag(bool hashTagged)
    {
        var configuration = fixture.RequireConfiguration();
        var name = "shop" + Guid.NewGuid().ToString("N")[..6];
        var prefix = hashTagged ? "{" + name + "}" : name;
        string[] settings = [$"--DistributedMetrics:Redis={configuration}", $"--DistributedMetrics:Prefix={prefix}"];
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, settings);

        await Task.WhenAll(
            WorkRequests.SendAsync(first.BaseAddress!, "a", 40),
            WorkRequests.SendAsync(second.BaseAddress!, "a", 25),
            WorkRequests.SendAsync(second.BaseAddress!, "b", 5));

        await Scrapes.WaitForLinesAsync(
            first.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 65", "example_work_total{kind=\"b\"} 5");
        await Scrapes.WaitForLinesAsync(
            second.BaseAddress!, Scrapes.Patience, "example_work_total{kind=\"a\"} 65", "example_work_total{kind=\"b\"} 5");
    }

    public void Dispose() => folder.Dispose();
}
