using Prometheus.Distributed.Metrics.Cells;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>The per-thread sum behind a histogram's <c>_sum</c>, against the flusher's takes.</summary>
public sealed class PerThreadSumTests
{
    [Fact]
    public void Two_writers_and_racing_takes_lose_no_amount()
    {
        var sum = new Holder();
        var writers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < 2_000_000; i++)
            {
                sum.Value.Add(0.25);
            }
        })).ToArray();

        double taken = 0;
        foreach (var writer in writers)
        {
            writer.Start();
        }

        while (writers.Any(w => w.IsAlive))
        {
            taken += sum.Value.Take();
        }

        taken += sum.Value.Take();

        Assert.Equal(1_000_000d, taken);
        Assert.Equal(0d, sum.Value.Take());
    }

    [Fact]
    public void An_infinite_total_is_taken_once_and_then_stays()
    {
        var sum = new Holder();
        sum.Value.Add(1.5);
        sum.Value.Add(double.PositiveInfinity);

        Assert.Equal(double.PositiveInfinity, sum.Value.Take());
        sum.Value.Add(2);
        Assert.Equal(0d, sum.Value.Take());
    }

    [Fact]
    public void Negative_amounts_are_taken_as_added()
    {
        var sum = new Holder();
        sum.Value.Add(-3.5);
        Assert.Equal(-3.5, sum.Value.Take());
        sum.Value.Add(1);
        Assert.Equal(1d, sum.Value.Take());
    }

    /// <summary>The sum lives in a field of a heap object, as it does in a series.</summary>
    private sealed class Holder
    {
        public PerThreadSum Value = new();
    }
}
