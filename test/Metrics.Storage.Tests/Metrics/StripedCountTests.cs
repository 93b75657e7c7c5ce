using Prometheus.Distributed.Metrics;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>The integer count behind a counter's increments by one, against the flusher's takes.</summary>
public sealed class StripedCountTests
{
    private const int Increments = 20_000_000;

    [Fact]
    public void Takes_racing_one_writer_count_every_increment_and_never_spread_it()
    {
        var count = new Holder();
        long allocatedByWriter = -1;
        var writer = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Increments; i++)
            {
                count.Value.Increment();
            }

            allocatedByWriter = GC.GetAllocatedBytesForCurrentThread() - before;
        });

        long taken = 0;
        writer.Start();
        while (writer.IsAlive)
        {
            taken += count.Value.Take();
        }

        writer.Join();
        taken += count.Value.Take();

        Assert.Equal(Increments, taken);

        // Spreading allocates the per-processor stripes on the writer's thread: a take must never look like a second
        // writer, or every uncontended series would end up paying for the stripes.
        Assert.Equal(0, allocatedByWriter);
    }

    [Fact]
    public void Two_writers_and_racing_takes_lose_no_increment()
    {
        var count = new Holder();
        var writers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < Increments; i++)
            {
                count.Value.Increment();
            }
        })).ToArray();

        long taken = 0;
        foreach (var writer in writers)
        {
            writer.Start();
        }

        while (writers.Any(w => w.IsAlive))
        {
            taken += count.Value.Take();
        }

        taken += count.Value.Take();

        Assert.Equal(2 * Increments, taken);
        Assert.Equal(0, count.Value.Take());
    }

    /// <summary>The count lives in a field of a heap object, as it does in a series.</summary>
    private sealed class Holder
    {
        public StripedCount Value;
    }
}
