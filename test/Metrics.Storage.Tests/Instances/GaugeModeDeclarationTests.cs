using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;
using Prometheus.Distributed.Tests.Metrics;

namespace Prometheus.Distributed.Tests.Instances;

public sealed class GaugeModeDeclarationTests
{
    [Fact]
    public async Task Redeclaring_a_gauge_with_another_mode_throws_naming_both_modes()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;
        var gauge = metrics.CreateGauge("in_flight", "In flight.", GaugeMode.LiveSum);

        Assert.Same(gauge, metrics.CreateGauge("in_flight", "Other help.", GaugeMode.LiveSum));
        var error = Assert.Throws<InvalidOperationException>(() => metrics.CreateGauge("in_flight", "In flight."));
        Assert.Contains("mode LiveSum", error.Message, StringComparison.Ordinal);
        Assert.Contains("mode MostRecent", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GaugeMode.PerInstance)]
    [InlineData(GaugeMode.LivePerInstance)]
    public async Task Instance_label_is_reserved_in_the_modes_that_add_it(GaugeMode mode)
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateGauge("workers", "Workers.", mode, "instance"));

        Assert.Contains("'instance'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(metrics.CreateGauge("workers_by_instance", "Workers.", GaugeMode.Sum, "instance"));
    }

    [Fact]
    public async Task Unknown_mode_value_is_rejected()
    {
        var (metrics, _) = MetricsHarness.Create();
        await using var __ = metrics;

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateGauge("workers", "Workers.", (GaugeMode)42));
    }

    [Theory]
    [InlineData(GaugeMode.MostRecent)]
    [InlineData(GaugeMode.LivePerInstance)]
    [InlineData(GaugeMode.Min)]
    public void Mode_survives_the_stored_metadata_round_trip(GaugeMode mode)
    {
        var metadata = new MetricMetadata(MetricType.Gauge, "g", "G.", ["a"], [], mode);

        var parsed = MetricMetadata.TryParse("g", metadata.ToJson());

        Assert.NotNull(parsed);
        Assert.Equal(mode, parsed.Mode);
        Assert.Equal(mode == GaugeMode.MostRecent, !metadata.ToJson().Contains("mode", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_timeout_shorter_than_two_flush_intervals_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DistributedMetrics.Create(o =>
        {
            o.UseInMemory();
            o.FlushInterval = TimeSpan.FromSeconds(5);
            o.InstanceTimeout = TimeSpan.FromSeconds(9);
        }));

        Assert.Contains("InstanceTimeout must be at least twice FlushInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_instance_timeout_is_15_seconds_or_three_flush_intervals()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), new DistributedMetricsOptions().EffectiveInstanceTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new DistributedMetricsOptions { FlushInterval = TimeSpan.FromSeconds(10) }.EffectiveInstanceTimeout);
    }
}
