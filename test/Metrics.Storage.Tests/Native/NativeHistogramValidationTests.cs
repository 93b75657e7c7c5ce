namespace Prometheus.Distributed.Tests.Native;

/// <summary>Bad native-histogram settings are refused at declaration with a message that names the rule.</summary>
public sealed class NativeHistogramValidationTests
{
    [Theory]
    [InlineData(9, 160, 0.0, "from -4 to 8")]
    [InlineData(-5, 160, 0.0, "from -4 to 8")]
    [InlineData(3, 0, 0.0, "at least 1")]
    [InlineData(3, 160, -1.0, "finite and 0 or more")]
    [InlineData(3, 160, double.PositiveInfinity, "finite and 0 or more")]
    public async Task Out_of_range_native_setting_is_refused_naming_the_rule(int schema, int maxBuckets, double zeroThreshold, string rule)
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        var options = new NativeHistogramOptions { Schema = schema, MaxBucketCount = maxBuckets, ZeroThreshold = zeroThreshold };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => metrics.CreateHistogram("work_seconds", "Work.", options));

        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.Contains("work_seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classic_buckets_beside_native_ones_follow_the_classic_rules()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());

        var error = Assert.Throws<ArgumentException>(
            () => metrics.CreateHistogram("work_seconds", "Work.", new NativeHistogramOptions { ClassicBuckets = [1, 0.5] }));

        Assert.Contains("do not strictly increase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_name_declared_native_and_classic_is_refused()
    {
        await using var metrics = DistributedMetrics.Create(o => o.UseInMemory());
        metrics.CreateHistogram("work_seconds", "Work.", new NativeHistogramOptions { ClassicBuckets = [0.1, 1] });

        Assert.Throws<InvalidOperationException>(() => metrics.CreateHistogram("work_seconds", "Work.", [0.1, 1]));
    }
}
