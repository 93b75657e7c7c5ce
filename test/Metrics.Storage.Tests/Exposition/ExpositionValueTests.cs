using Prometheus.Distributed.Metrics;
using static Prometheus.Distributed.Tests.Exposition.ExpositionTestData;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class ExpositionValueTests
{
    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0d, "0")]
    [InlineData(-0d, "-0")]
    [InlineData(999999d, "999999")]
    [InlineData(-999999d, "-999999")]
    [InlineData(1e6, "1e+06")]
    [InlineData(-1e6, "-1e+06")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1234567d, "1.234567e+06")]
    public async Task Values_are_written_in_go_style(double value, string expected)
    {
        var family = Family("g", Metadata(MetricType.Gauge, "g", "G."), (":{}", value));

        var text = await RenderAsync(ExpositionFormat.PrometheusText, family);

        Assert.EndsWith($"\ng {expected}\n", text, StringComparison.Ordinal);
    }
}
