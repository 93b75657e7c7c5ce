using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Metrics;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed.Tests.Quantiles;

/// <summary>
/// A quantile read from a sketch lies within the sketch's relative-error bound of the exact quantile (the observation of
/// rank <c>ceil(q·n)</c>), on both signs and through the zero bucket, at every quantile from 0.001 to 0.999.
/// </summary>
public sealed class QuantileEstimatorTests
{
    private static readonly double Bound = NativeSchema.RelativeError(Summary.SketchSchema);

    [Fact]
    public void Sketch_bound_is_below_0_55_percent()
    {
        Assert.InRange(Bound, 0.0054, 0.0055);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_quantile_is_within_the_bound_of_the_exact_one(int seed)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, 5000)
            .Select(i => i % 50 == 0 ? 0 : Math.Exp((random.NextDouble() * 30) - 15) * (random.Next(4) == 0 ? -1 : 1))
            .ToArray();
        var sketch = Sketch(values);
        var sorted = values.Order().ToArray();

        for (var permille = 1; permille < 1000; permille++)
        {
            var q = permille / 1000.0;
            var exact = sorted[QuantileEstimator.Rank(q, sorted.Length) - 1];
            var estimate = QuantileEstimator.Estimate(sketch, q);
            if (exact == 0)
            {
                Assert.Equal(0, estimate);
            }
            else
            {
                Assert.InRange(Math.Abs(estimate - exact) / Math.Abs(exact), 0, Bound);
            }
        }
    }

    [Fact]
    public void Rank_is_computed_exactly_where_binary_floating_point_would_round_up()
    {
        // 0.07 * 100 is 7.000000000000001 in doubles, whose ceiling would be rank 8.
        Assert.Equal(7, QuantileEstimator.Rank(0.07, 100));
        Assert.Equal(1, QuantileEstimator.Rank(0.001, 10));
        Assert.Equal(10, QuantileEstimator.Rank(0.99, 10));
    }

    [Fact]
    public void Sketch_without_observations_reads_NaN()
    {
        Assert.True(double.IsNaN(QuantileEstimator.Estimate(new NativeSeriesTotals("{}", Summary.SketchSchema), 0.5)));
    }

    private static NativeSeriesTotals Sketch(double[] values)
    {
        var sketch = new NativeSeriesTotals("{}", Summary.SketchSchema);
        foreach (var value in values)
        {
            if (value == 0)
            {
                sketch.ZeroCount++;
                continue;
            }

            var buckets = value > 0 ? sketch.Positive : sketch.Negative;
            var key = NativeSchema.Key(Math.Abs(value), Summary.SketchSchema);
            buckets[key] = buckets.GetValueOrDefault(key) + 1;
        }

        return sketch;
    }
}
