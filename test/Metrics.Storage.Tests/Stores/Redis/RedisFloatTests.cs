using System.Text;
using Prometheus.Distributed.Stores.Redis;
using StackExchange.Redis;

namespace Prometheus.Distributed.Tests.Stores.Redis;

public sealed class RedisFloatTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-0.0)]
    [InlineData(-7)]
    [InlineData(0.5)]
    [InlineData(1e-7)]
    [InlineData(999_999_999_999_999)]
    [InlineData(1e15)]
    [InlineData(-1e15)]
    [InlineData(1e300)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void A_script_argument_is_the_text_Format_writes(double value) =>
        Assert.Equal(RedisFloat.Format(value), (string?)RedisFloat.ToArgument(value));

    [Theory]
    [InlineData("2", 2)]
    [InlineData("0.30000000000000004", 0.30000000000000004)]
    [InlineData("-1.5e-3", -0.0015)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void A_stored_value_parses_from_its_bytes_like_from_its_text(string stored, double expected)
    {
        Assert.True(RedisFloat.TryParse((RedisValue)Encoding.UTF8.GetBytes(stored), out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_stored_value_that_is_no_number_is_refused()
    {
        Assert.False(RedisFloat.TryParse((RedisValue)"x1", out _));
        Assert.False(RedisFloat.TryParse(RedisValue.Null, out _));
    }
}
