using Prometheus.Distributed.Testing.Servers;
using static Prometheus.Distributed.Tests.Stores.Redis.RedisTestData;

namespace Prometheus.Distributed.Tests.Monitoring;

/// <summary>
/// Two processes (two <see cref="DistributedMetrics"/>) declare one name differently over a real store: the later
/// writer's flush of that family is refused with a clear error, the stored data stays as it was, and its other
/// families keep flowing.
/// </summary>
[Collection(RedisServerGroup.Name)]
public sealed class MetadataConflictTests(RedisServerFixture fixture) : IDisposable
{
    private readonly TempFolder folder = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => ["sqlite", "redis"];

    public void Dispose() => folder.Dispose();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Second_process_declaring_another_type_is_refused_and_stored_data_is_untouched(string kind)
    {
        var configure = Store(kind);
        await using (var first = DistributedMetrics.Create(configure))
        {
            first.CreateCounter("jobs_total", "Jobs.", "queue").WithLabels("mail").Inc(3);
        }

        await using var second = DistributedMetrics.Create(configure);
        second.CreateGauge("jobs", "Jobs as a gauge.", "queue").WithLabels("mail").Set(42);
        second.CreateCounter("orders_total", "Orders.").Inc(2);

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.FlushAsync(Token));

        Assert.Contains("Metric 'jobs' is stored as a counter with labels [queue]", error.Message, StringComparison.Ordinal);
        Assert.Contains("declared it as a gauge with labels [queue]", error.Message, StringComparison.Ordinal);
        var text = await ReadTextAsync(configure);
        Assert.Contains("jobs_total{queue=\"mail\"} 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("jobs{queue=\"mail\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# TYPE jobs gauge", text, StringComparison.Ordinal);
        Assert.Contains("orders_total 2\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Other_buckets_are_refused_while_later_flushes_of_other_families_go_through(string kind)
    {
        var configure = Store(kind);
        await using (var first = DistributedMetrics.Create(configure))
        {
            first.CreateHistogram("latency_seconds", "Latency.", [0.1, 1]).Observe(0.5);
        }

        await using var second = DistributedMetrics.Create(configure);
        var latency = second.CreateHistogram("latency_seconds", "Latency.", [0.2, 2]);
        var orders = second.CreateCounter("orders_total", "Orders.");
        latency.Observe(0.5);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.FlushAsync(Token));
        orders.Inc(5);
        await second.FlushAsync(Token);

        var text = await ReadTextAsync(configure);
        Assert.Contains("orders_total 5\n", text, StringComparison.Ordinal);
        Assert.Contains("latency_seconds_bucket{le=\"0.1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("latency_seconds_count 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("le=\"0.2\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Second_process_declaring_another_gauge_mode_is_refused_and_stored_data_is_untouched(string kind)
    {
        var configure = Store(kind);
        await using (var first = DistributedMetrics.Create(configure))
        {
            first.CreateGauge("workers", "Workers.", "pool").WithLabels("mail").Set(3);
        }

        await using var second = DistributedMetrics.Create(configure);
        second.CreateGauge("workers", "Workers.", GaugeMode.LiveSum, "pool").WithLabels("mail").Set(42);
        second.CreateCounter("orders_total", "Orders.").Inc(2);

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.FlushAsync(Token));

        Assert.Contains("Metric 'workers' is stored as a gauge with labels [pool] and mode MostRecent", error.Message, StringComparison.Ordinal);
        Assert.Contains("declared it as a gauge with labels [pool] and mode LiveSum", error.Message, StringComparison.Ordinal);
        var text = await ReadTextAsync(configure);
        Assert.Contains("workers{pool=\"mail\"} 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" 42\n", text, StringComparison.Ordinal);
        Assert.Contains("orders_total 2\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Second_process_declaring_native_buckets_on_a_classic_histogram_is_refused_and_stored_data_is_untouched(string kind)
    {
        var configure = Store(kind);
        await using (var first = DistributedMetrics.Create(configure))
        {
            first.CreateHistogram("work_seconds", "Work.", [0.1, 1]).Observe(0.5);
        }

        await using var second = DistributedMetrics.Create(configure);
        second.CreateHistogram("work_seconds", "Work.", new NativeHistogramOptions { ClassicBuckets = [0.1, 1] }).Observe(0.5);
        second.CreateCounter("orders_total", "Orders.").Inc(2);

        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second.FlushAsync(Token));

        Assert.Contains("Metric 'work_seconds' is stored as a histogram", error.Message, StringComparison.Ordinal);
        Assert.Contains("and native buckets", error.Message, StringComparison.Ordinal);
        var text = await ReadTextAsync(configure);
        Assert.Contains("work_seconds_count 1\n", text, StringComparison.Ordinal);
        Assert.Contains("orders_total 2\n", text, StringComparison.Ordinal);
    }

    private Action<DistributedMetricsOptions> Store(string kind)
    {
        if (kind == "sqlite")
        {
            var path = folder.File("metrics.db");
            return o => o.UseSqlite(path);
        }

        var endPoint = fixture.Require().EndPoint;
        var prefix = NewPrefix();
        return o => o.UseRedis(endPoint, prefix);
    }

    private static async Task<string> ReadTextAsync(Action<DistributedMetricsOptions> configure)
    {
        await using var reader = DistributedMetrics.Create(o =>
        {
            configure(o);
            o.SelfMetrics = false;
        });
        return await StoreText.ScrapeAsync(reader);
    }
}
