using System.Diagnostics;
using Prometheus.Distributed.Testing.Servers;

namespace Prometheus.Distributed.EndToEnd.Tests;

/// <summary>Several real example processes on one real Redis server.</summary>
[Collection(RedisServerGroup.Name)]
public sealed class RedisProcessesTests(RedisServerFixture redis, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(3);

    private readonly TempFolder folder = new();

    [Fact]
    public async Task Ten_concurrent_batch_jobs_add_up_exactly()
    {
        var endPoint = redis.Require().EndPoint;
        var prefix = NewPrefix();
        var jobs = Enumerable.Range(0, 10)
            .Select(_ => ExampleProcess.RunBatchJobAsync(
                folder.Path,
                "--items",
                "1000",
                $"--DistributedMetrics:Redis={endPoint}",
                $"--DistributedMetrics:Prefix={prefix}",
                ExampleProcess.PatientShutdown))
            .ToArray();
        var results = await Task.WhenAll(jobs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        var text = await StoreText.ReadAsync(o => o.UseRedis(endPoint, prefix));
        Assert.Contains("example_batch_items_total 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("example_batch_item_duration_seconds_count 10000\n", text, StringComparison.Ordinal);
        Assert.Contains("example_batch_last_success_timestamp_seconds ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killed_web_instance_stops_counting_as_live_and_its_flushed_counts_stay()
    {
        var settings = Settings(redis.Require().EndPoint, NewPrefix());
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var third = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await SendWorkAsync(first.BaseAddress!, "a", 5);
        await SendWorkAsync(second.BaseAddress!, "a", 3);
        await SendWorkAsync(third.BaseAddress!, "a", 2);
        await Scrapes.WaitForLinesAsync(
            first.BaseAddress!, Scrapes.Patience, "distributed_metrics_live_instances 3", "example_work_total{kind=\"a\"} 10");

        var killed = Stopwatch.StartNew();
        await third.KillAsync();
        var limit = InstanceTimeout + TimeSpan.FromSeconds(5);
        await Scrapes.WaitForLinesAsync(
            first.BaseAddress!, limit, "distributed_metrics_live_instances 2", "example_work_total{kind=\"a\"} 10");
        output.WriteLine($"A SIGKILLed instance left the live count {killed.Elapsed.TotalSeconds:F2} s after the kill (InstanceTimeout {InstanceTimeout.TotalSeconds} s, flush interval 0.2 s).");
        await Scrapes.WaitForLinesAsync(
            second.BaseAddress!, limit, "distributed_metrics_live_instances 2", "example_work_total{kind=\"a\"} 10");
    }

    [Fact]
    public async Task Real_prometheus_scraping_one_of_three_instances_sees_every_request()
    {
        var settings = Settings(redis.Require().EndPoint, NewPrefix());
        await using var first = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var second = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var third = await ExampleProcess.StartWebApiAsync(folder.Path, settings);
        await using var prometheus = await PrometheusServer.StartAsync(
            "example", [first.BaseAddress!.Authority], TimeSpan.FromSeconds(1));

        await SendWorkAsync(first.BaseAddress!, "a", 13);
        await SendWorkAsync(second.BaseAddress!, "b", 9);
        await SendWorkAsync(third.BaseAddress!, "a", 8);

        var sent = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        string? value = null;
        try
        {
            while (value != "30")
            {
                await Task.Delay(200, deadline.Token);
                value = await prometheus.QueryAsync("sum(example_work_total)", deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"Prometheus returned {value ?? "nothing"} for sum(example_work_total), not 30. Targets: "
                + await prometheus.TargetsAsync(TestContext.Current.CancellationToken) + "\nLog:\n" + prometheus.Log);
        }

        output.WriteLine($"Prometheus answered 30 {sent.Elapsed.TotalSeconds:F2} s after the last request.");
        Assert.Equal("3", await prometheus.QueryAsync("distributed_metrics_live_instances", TestContext.Current.CancellationToken));
    }

    public void Dispose() => folder.Dispose();

    private static string NewPrefix() => "e2e" + Guid.NewGuid().ToString("N")[..12];

    private static string[] Settings(string endPoint, string prefix) =>
    [
        $"--DistributedMetrics:Redis={endPoint}",
        $"--DistributedMetrics:Prefix={prefix}",
        "--DistributedMetrics:FlushInterval=00:00:00.200",
        $"--DistributedMetrics:InstanceTimeout={InstanceTimeout}",
    ];

    private static async Task SendWorkAsync(Uri baseAddress, string kind, int count)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var i = 0; i < count; i++)
        {
            (await client.GetAsync($"/work/{kind}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }
    }
}
