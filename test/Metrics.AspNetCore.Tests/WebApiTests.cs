using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Prometheus.Distributed.AspNetCore.Tests;

/// <summary>The example service through WebApplicationFactory, on its own SQLite file.</summary>
public sealed class WebApiTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly WebApplicationFactory<Program> factory;

    public WebApiTests()
    {
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("DistributedMetrics:Sqlite", folder.File("metrics.db")));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_requests_appear_in_metrics_through_the_background_flush()
    {
        using var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/work/a", Token)).EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/work/b", Token)).EnsureSuccessStatusCode();
        }

        // The flusher runs every second; the deadline only bounds a failing run (a loaded CI machine has taken over 2 s).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        string body;
        do
        {
            await Task.Delay(50, deadline.Token);
            body = await client.GetStringAsync("/metrics", deadline.Token);
        }
        while (!body.Contains("example_work_duration_seconds_count{kind=\"b\"} 3\n", StringComparison.Ordinal));

        Assert.Contains("example_work_total{kind=\"a\"} 5\n", body, StringComparison.Ordinal);
        Assert.Contains("example_work_total{kind=\"b\"} 3\n", body, StringComparison.Ordinal);
        Assert.Contains("example_work_duration_seconds_count{kind=\"a\"} 5\n", body, StringComparison.Ordinal);
        Assert.Contains("example_work_duration_seconds_bucket{kind=\"a\",le=\"+Inf\"} 5\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_test_can_assert_that_a_request_incremented_a_counter()
    {
        using var client = factory.CreateClient();
        var metrics = factory.Services.GetRequiredService<DistributedMetrics>();

        (await client.GetAsync("/work/checkout", Token)).EnsureSuccessStatusCode();
        await metrics.FlushAsync(Token);
        var snapshot = await metrics.CollectAsync(Token);

        Assert.Equal(1, snapshot.GetValue("example_work_total", ("kind", "checkout")));
        Assert.Equal(1, snapshot.GetValue("example_work_duration_seconds_bucket", ("kind", "checkout"), ("le", "+Inf")));
        Assert.Null(snapshot.GetValue("example_work_total", ("kind", "other")));
        Assert.Null(snapshot.GetValue("example_work_total"));
    }

    [Fact]
    public async Task Work_latency_quantiles_are_served_beside_count_and_sum()
    {
        using var client = factory.CreateClient();
        var metrics = factory.Services.GetRequiredService<DistributedMetrics>();
        for (var i = 0; i < 20; i++)
        {
            (await client.GetAsync("/work/report", Token)).EnsureSuccessStatusCode();
        }

        await metrics.FlushAsync(Token);
        var snapshot = await metrics.CollectAsync(Token);

        Assert.Equal(20, snapshot.GetValue("example_work_latency_seconds_count", ("kind", "report")));
        var p50 = snapshot.GetValue("example_work_latency_seconds", ("kind", "report"), ("quantile", "0.5"));
        var p99 = snapshot.GetValue("example_work_latency_seconds", ("kind", "report"), ("quantile", "0.99"));
        Assert.NotNull(p50);
        Assert.NotNull(p99);
        Assert.InRange(p50.Value, 0, p99.Value);
        Assert.NotNull(snapshot.GetValue("example_work_latency_seconds", ("kind", "report"), ("quantile", "0.9")));
    }

    public void Dispose()
    {
        factory.Dispose();
        folder.Dispose();
    }
}
