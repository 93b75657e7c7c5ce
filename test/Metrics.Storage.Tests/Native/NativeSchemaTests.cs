using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests.Native;

/// <summary>The bucket of a value at each schema, as Prometheus defines native-histogram buckets.</summary>
public sealed class NativeSchemaTests
{
    [Theory]
    [InlineData(1.0, 3, 0)]
    [InlineData(2.0, 0, 1)]
    [InlineData(1.5, 0, 1)]
    [InlineData(0.5, 0, -1)]
    [InlineData(1.09, 3, 1)]
    [InlineData(1.1, 3, 2)]
    [InlineData(3.0, -1, 1)]
    [InlineData(4.0, -1, 1)]
    [InlineData(4.1, -1, 2)]
    [InlineData(1000.0, -2, 3)]
    public void Value_falls_in_the_bucket_whose_upper_bound_is_the_first_at_or_above_it(double value, int schema, int key) =>
        Assert.Equal(key, NativeSchema.Key(value, schema));

    [Fact]
    public void Every_value_lies_between_its_buckets_bounds_at_every_schema()
    {
        var random = new Random(16);
        for (var schema = NativeSchema.Min; schema <= NativeSchema.Max; schema++)
        {
            for (var i = 0; i < 2000; i++)
            {
                var value = Math.Pow(2, (random.NextDouble() * 80) - 40);
                var key = NativeSchema.Key(value, schema);
                Assert.InRange(value, NativeSchema.UpperBound(key - 1, schema) * (1 + 1e-12), NativeSchema.UpperBound(key, schema) * (1 + 1e-12));
            }
        }
    }

    [Fact]
    public void Lowering_the_schema_puts_a_bucket_in_the_bucket_that_holds_its_values()
    {
        var random = new Random(17);
        for (var i = 0; i < 2000; i++)
        {
            var value = Math.Pow(2, (random.NextDouble() * 60) - 30);
            Assert.Equal(NativeSchema.Key(value, 0), NativeSchema.Reduce(NativeSchema.Key(value, 3), 3));
            Assert.Equal(NativeSchema.Key(value, -4), NativeSchema.Reduce(NativeSchema.Key(value, 8), 12));
        }
    }

    [Fact]
    public void Subnormal_and_infinite_values_get_a_bucket()
    {
        Assert.Equal(NativeSchema.Key(double.MaxValue, 3), NativeSchema.Key(double.PositiveInfinity, 3));
        var tiny = double.Epsilon * 4;
        var key = NativeSchema.Key(tiny, 2);
        Assert.InRange(tiny, NativeSchema.UpperBound(key - 1, 2), NativeSchema.UpperBound(key, 2));
    }
}
