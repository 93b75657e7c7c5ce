namespace Prometheus.Distributed.Tests.Metrics;

public sealed class ValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("with-dash")]
    [InlineData("with space")]
    [InlineData("caf\u00e9")]
    public async Task Invalid_metric_name_is_rejected_naming_the_rule(string name)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateCounter(name, "Help."));
        Assert.Contains("[a-zA-Z_:][a-zA-Z0-9_:]*", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc", "must match")]
    [InlineData("has:colon", "must match")]
    [InlineData("__reserved", "starting with '__'")]
    public async Task Invalid_label_name_is_rejected_naming_the_rule(string label, string rule)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateGauge("g", "Help.", label));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserved_and_repeated_label_names_are_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => metrics.CreateHistogram("h", "Help.", "le")).Message, StringComparison.Ordinal);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => metrics.CreateSummary("s", "Help.", "quantile")).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => metrics.CreateCounter("c", "Help.", "a", "a")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_label_value_count_null_or_oversized_value_is_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var counter = metrics.CreateCounter("c_total", "Help.", "a", "b");

        Assert.Contains("2 label name(s) [a, b] but 1 label value(s)", Assert.Throws<ArgumentException>(() => counter.WithLabels("x")).Message, StringComparison.Ordinal);
        Assert.Contains("null value", Assert.Throws<ArgumentException>(() => counter.WithLabels("x", null!)).Message, StringComparison.Ordinal);
        Assert.Contains("limit is 2048", Assert.Throws<ArgumentException>(() => counter.WithLabels("x", new string('v', 2049))).Message, StringComparison.Ordinal);
        Assert.Contains("WithLabels", Assert.Throws<InvalidOperationException>(() => counter.Inc()).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public async Task Counter_rejects_negative_and_non_finite_increments(double increment)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateCounter("c_total", "Help.").Inc(increment));
        Assert.Contains("finite and not negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nan_observations_and_non_finite_gauge_increments_are_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateHistogram("h", "Help.").Observe(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateSummary("s", "Help.").Observe(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateGauge("g", "Help.").Inc(double.NaN));
    }

    [Theory]
    [InlineData(new[] { 1.0, 1.0 }, "do not strictly increase")]
    [InlineData(new[] { 2.0, 1.0 }, "do not strictly increase")]
    [InlineData(new[] { double.NaN }, "must be finite")]
    [InlineData(new[] { double.PositiveInfinity }, "at least one finite bucket")]
    [InlineData(new double[0], "at least one finite bucket")]
    public async Task Bad_histogram_buckets_are_rejected_naming_the_rule(double[] buckets, string rule)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateHistogram("h", "Help.", buckets));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeclaring_a_name_with_another_type_labels_or_buckets_is_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        metrics.CreateCounter("work_total", "Work.", "kind");
        metrics.CreateHistogram("latency", "Latency.", [1, 2]);

        Assert.Contains("already declared as a counter with labels [kind]", Assert.Throws<InvalidOperationException>(() => metrics.CreateGauge("work", "Work.", "kind")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be re-declared as a counter with labels [other]", Assert.Throws<InvalidOperationException>(() => metrics.CreateCounter("work_total", "Work.", "other")).Message, StringComparison.Ordinal);
        Assert.Contains("buckets [1, 2]", Assert.Throws<InvalidOperationException>(() => metrics.CreateHistogram("latency", "Latency.", [1, 3])).Message, StringComparison.Ordinal);
        Assert.Same(metrics.CreateHistogram("latency", "Latency.", [1, 2]), metrics.CreateHistogram("latency", "Other help.", [1, 2]));
    }

    [Fact]
    public void Multiplexer_from_services_without_a_host_is_rejected_naming_the_alternative()
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(
            o => o.UseRedis(_ => throw new InvalidOperationException("never resolved"), "shop")));

        Assert.Contains("UseRedis(Func<IServiceProvider, IConnectionMultiplexer>)", error.Message, StringComparison.Ordinal);
        Assert.Contains("pass the multiplexer itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_each_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            o.Sqlite = "a.db";
            o.Redis = "localhost:6379";
            o.FlushInterval = TimeSpan.Zero;
            o.MaxSeriesPerMetric = 0;
            o.ScrapeCacheDuration = TimeSpan.FromSeconds(-1);
        }));

        Assert.Contains("More than one store", error.Message, StringComparison.Ordinal);
        Assert.Contains("FlushInterval must be positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxSeriesPerMetric must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ScrapeCacheDuration must be zero (no sharing) or positive", error.Message, StringComparison.Ordinal);
        Assert.Contains("No store is configured", Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(_ => { })).Message, StringComparison.Ordinal);
    }
}
