using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Tests.Quantiles;

/// <summary>Bad quantile settings, and re-declarations with other quantiles or window, are refused naming the rule.</summary>
public sealed class QuantileSummaryValidationTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public async Task Quantile_outside_zero_to_one_is_refused_naming_the_rule(double quantile)
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateSummary("work_seconds", "Work.", [0.5, quantile]));

        Assert.Contains("a quantile must be greater than 0 and less than 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("work_seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repeated_quantile_is_refused()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateSummary("work_seconds", "Work.", [0.5, 0.9, 0.5]));

        Assert.Contains("quantiles must be distinct", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_options_without_quantiles_are_refused()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());

        var error = Assert.Throws<ArgumentException>(() => metrics.CreateSummary("work_seconds", "Work.", new SummaryOptions()));

        Assert.Contains("declares no quantiles", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 5, "MaxAge", "it must be positive")]
    [InlineData(-1000, 5, "MaxAge", "it must be positive")]
    [InlineData(60_000, 0, "AgeBuckets", "it must be at least 1")]
    [InlineData(60_000, -2, "AgeBuckets", "it must be at least 1")]
    [InlineData(4, 5, "AgeBuckets", "each age bucket must span at least 1 ms")]
    public async Task Window_out_of_range_is_refused_naming_the_rule(int maxAgeMilliseconds, int ageBuckets, string setting, string rule)
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        var options = new SummaryOptions
        {
            Quantiles = [0.5],
            MaxAge = TimeSpan.FromMilliseconds(maxAgeMilliseconds),
            AgeBuckets = ageBuckets,
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateSummary("work_seconds", "Work.", options));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redeclaring_a_summary_with_other_quantiles_throws_naming_both()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        var summary = metrics.CreateSummary("work_seconds", "Work.", [0.9, 0.5], "route");

        Assert.Same(summary, metrics.CreateSummary("work_seconds", "Other help.", [0.5, 0.9], "route"));
        var error = Assert.Throws<InvalidOperationException>(() => metrics.CreateSummary("work_seconds", "Work.", [0.5, 0.99], "route"));
        Assert.Contains("quantiles [0.5, 0.9]", error.Message, StringComparison.Ordinal);
        Assert.Contains("quantiles [0.5, 0.99]", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => metrics.CreateSummary("work_seconds", "Work.", "route"));
        Assert.Throws<InvalidOperationException>(() => metrics.CreateSummary(
            "work_seconds", "Work.", new SummaryOptions { Quantiles = [0.5, 0.9], MaxAge = TimeSpan.FromMinutes(1) }, "route"));
    }

    [Fact]
    public async Task Summary_of_count_and_sum_cannot_be_redeclared_with_quantiles()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        metrics.CreateSummary("work_seconds", "Work.");

        var error = Assert.Throws<InvalidOperationException>(() => metrics.CreateSummary("work_seconds", "Work.", [0.5]));

        Assert.Contains("cannot be re-declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantiles_and_window_survive_the_stored_metadata_round_trip()
    {
        var metadata = new MetricMetadata(MetricType.Summary, "s", "S.", ["a"], [])
        {
            Quantiles = [0.5, 0.99],
            Window = new QuantileWindow(600_000, 5),
        };

        var parsed = MetricMetadata.TryParse("s", metadata.ToJson());

        Assert.NotNull(parsed);
        Assert.True(parsed.IsCompatibleWith(metadata));
        Assert.Equal([0.5, 0.99], parsed.Quantiles);
        Assert.Equal(new QuantileWindow(600_000, 5), parsed.Window);
        Assert.DoesNotContain("quantiles", new MetricMetadata(MetricType.Summary, "s", "S.", [], []).ToJson(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[1.5],"max_age_ms":1000,"age_buckets":1}""")]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[0.5],"max_age_ms":1000,"age_buckets":0}""")]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[0.5],"max_age_ms":3,"age_buckets":5}""")]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[0.5]}""")]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[0.9,0.5],"max_age_ms":1000,"age_buckets":1}""")]
    [InlineData("""{"type":"summary","help":"","labels":[],"buckets":[],"quantiles":[0.5,0.5],"max_age_ms":1000,"age_buckets":1}""")]
    public void Stored_quantile_metadata_that_breaks_the_rules_is_not_read(string json)
    {
        Assert.Null(MetricMetadata.TryParse("s", json));
    }
}
