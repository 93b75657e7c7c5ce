using Prometheus.Distributed.Stores.InMemory;
using Prometheus.Distributed.Testing;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>
/// <see cref="DistributedMetricsOptions.StaticLabels"/>: added to every series of every metric type, folded in when a
/// series is created (the hot path stays allocation-free), validated with messages naming the key.
/// </summary>
public sealed class StaticLabelsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_metric_type_carries_the_static_labels()
    {
        await using var metrics = MetricsHarness.Create(new InMemoryMetricStore(), o =>
        {
            o.StaticLabels["service"] = "checkout";
            o.StaticLabels["env"] = "prod";
            o.SelfMetrics = false;
        });
        metrics.CreateCounter("orders_total", "Orders.", "country").WithLabels("fr").Inc(2);
        metrics.CreateCounter("restarts_total", "Restarts.").Inc();
        metrics.CreateGauge("queue_depth", "Depth.").Set(7);
        metrics.CreateGauge("workers", "Workers.", GaugeMode.LivePerInstance).Set(3);
        metrics.CreateHistogram("latency_seconds", "Latency.", [0.1], "route").WithLabels("/a").Observe(0.05);
        metrics.CreateSummary("size_bytes", "Size.").Observe(10);
        metrics.CreateInfo("build_info", "Build.").Set(("version", "1.2"));
        metrics.CreateStateSet("door", "Door.", ["open", "closed"]).SetOnly("open");
        await metrics.FlushAsync(Token);

        var text = await StoreText.ScrapeAsync(metrics);

        Assert.Contains("orders_total{country=\"fr\",env=\"prod\",service=\"checkout\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("restarts_total{env=\"prod\",service=\"checkout\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("queue_depth{env=\"prod\",service=\"checkout\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains($"workers{{env=\"prod\",service=\"checkout\",instance=\"{metrics.InstanceId}\"}} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("latency_seconds_bucket{route=\"/a\",env=\"prod\",service=\"checkout\",le=\"0.1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("latency_seconds_count{route=\"/a\",env=\"prod\",service=\"checkout\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("size_bytes_sum{env=\"prod\",service=\"checkout\"} 10\n", text, StringComparison.Ordinal);
        Assert.Contains("build_info{env=\"prod\",service=\"checkout\",version=\"1.2\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("door{env=\"prod\",service=\"checkout\",door=\"open\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Series_are_selected_by_the_declared_labels_only_and_allocate_nothing()
    {
        await using var metrics = MetricsHarness.Create(new InMemoryMetricStore(), o => o.StaticLabels["service"] = "checkout");
        var counter = metrics.CreateCounter("requests_total", "Requests.", "method", "route");
        var histogram = metrics.CreateHistogram("duration_seconds", "Duration.", "route");
        counter.WithLabels("GET", "/a").Inc();
        histogram.WithLabels("/a").Observe(0.01);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            counter.WithLabels("GET", "/a").Inc();
            histogram.WithLabels("/a").Observe(0.01);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        var error = Assert.Throws<ArgumentException>(() => { counter.WithLabels("GET", "/a", "checkout"); });
        Assert.Contains("2 label name(s) [method, route] but 3 label value(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metric_declaring_a_static_label_name_is_rejected_naming_both()
    {
        await using var metrics = MetricsHarness.Create(new InMemoryMetricStore(), o => o.StaticLabels["service"] = "checkout");

        var error = Assert.Throws<ArgumentException>(() => { metrics.CreateCounter("orders_total", "Orders.", "service"); });

        Assert.Contains("Metric 'orders' declares label 'service'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DistributedMetrics:StaticLabels:service", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("with-dash", "StaticLabels:with-dash: 'with-dash' is not a valid label name")]
    [InlineData("__meta", "StaticLabels:__meta: '__meta' is not a valid label name")]
    [InlineData("instance", "StaticLabels:instance: 'instance' is reserved")]
    [InlineData("le", "StaticLabels:le: 'le' is reserved")]
    [InlineData("quantile", "StaticLabels:quantile: 'quantile' is reserved")]
    public void Invalid_static_label_name_is_rejected_naming_the_key(string name, string message)
    {
        var options = new DistributedMetricsOptions().UseInMemory();
        options.StaticLabels[name] = "x";

        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(options));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_or_oversized_static_label_value_is_rejected_naming_the_key()
    {
        var options = new DistributedMetricsOptions().UseInMemory();
        options.StaticLabels["service"] = null!;
        options.StaticLabels["team"] = new string('x', 2049);

        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(options));

        Assert.Contains("StaticLabels:service has no value", error.Message, StringComparison.Ordinal);
        Assert.Contains("StaticLabels:team has a value of 2049 characters; the limit is 2048", error.Message, StringComparison.Ordinal);
    }
}
