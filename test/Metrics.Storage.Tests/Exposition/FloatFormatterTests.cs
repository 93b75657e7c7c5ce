using Prometheus.Distributed.Exposition;

namespace Prometheus.Distributed.Tests.Exposition;

public sealed class FloatFormatterTests
{
    [Theory]
    [InlineData(0d, "0")]
    [InlineData(1d, "1")]
    [InlineData(-1d, "-1")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e6, "1e+06")]
    [InlineData(123456d, "123456")]
    [InlineData(1234567d, "1.234567e+06")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1700000000.5, "1.7000000005e+09")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Go_style_matches_strconv_format_float_g_shortest(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.FormatGo(value));
    }

    // Expected values come from the seed's floatToGoString run under the machine's python3.
    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(1d, "1.0")]
    [InlineData(10d, "10.0")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(2.5e-7, "2.5e-07")]
    [InlineData(123456d, "123456.0")]
    [InlineData(1e7, "1e+07")]
    [InlineData(1234567d, "1.234567e+06")]
    [InlineData(2.5e6, "2.5e+06")]
    [InlineData(1e15, "1e+015")]
    [InlineData(1e16, "1e+16")]
    [InlineData(-1d, "-1.0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Seed_label_style_matches_python_float_to_go_string(double value, string expected)
    {
        Assert.Equal(expected, FloatFormatter.FormatSeedLabel(value));
    }
}
