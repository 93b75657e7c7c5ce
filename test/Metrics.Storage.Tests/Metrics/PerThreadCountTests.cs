using Prometheus.Distributed.Metrics.Cells;

namespace Prometheus.Distributed.Tests.Metrics;

/// <summary>The per-thread count behind a counter's increments by one, against the flusher's takes.</summary>
public sealed class PerThreadCountTests
{
    private const int Increments = 10_000_000;

    [Fact]
    public void Two_writers_and_racing_takes_lose_no_increment_and_count_none_twice()
    {
        var count = new Holder();
        var writers = Enumerable.Range(0, 2).Select(_ => new Thread(() => IncrementMany(count, Increments))).ToArray();

        long taken = 0;
        foreach (var writer in writers)
        {
            writer.Start();
        }

        while (writers.Any(w => w.IsAlive))
        {
            var delta = count.Value.Take();
            Assert.True(delta >= 0, $"A take went back by {-delta}.");
            taken += delta;
        }

        taken += count.Value.Take();

        Assert.Equal(2 * Increments, taken);
        Assert.Equal(0, count.Value.Take());
    }

    [Fact]
    public void Increments_of_ended_threads_are_kept_once_their_cells_are_folded()
    {
        var count = new Holder();
        for (var round = 0; round < 5; round++)
        {
            // Each new thread's first increment folds the cells of the threads that ended before it.
            var writer = new Thread(() => IncrementMany(count, 1000));
            writer.Start();
            writer.Join();
        }

        Assert.Equal(5000, count.Value.Take());

        var last = new Thread(() => IncrementMany(new Holder(), 1));
        last.Start();
        last.Join();

        Assert.Equal(0, count.Value.Take());
    }

    [Fact]
    public void Counts_in_many_pages_stay_apart()
    {
        var counts = Enumerable.Range(0, 3000).Select(_ => new Holder()).ToArray();
        for (var i = 0; i < counts.Length; i++)
        {
            IncrementMany(counts[i], i % 7);
        }

        for (var i = 0; i < counts.Length; i++)
        {
            Assert.Equal(i % 7, counts[i].Value.Take());
        }
    }

    [Fact]
    public void Increments_after_the_first_on_a_thread_allocate_nothing()
    {
        var count = new Holder();
        long allocated = -1;
        var writer = new Thread(() =>
        {
            count.Value.Increment();
            var before = GC.GetAllocatedBytesForCurrentThread();
            IncrementMany(count, 1_000_000);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        writer.Start();
        writer.Join();

        Assert.Equal(0, allocated);
        Assert.Equal(1_000_001, count.Value.Take());
    }

    private static void IncrementMany(Holder count, int increments)
    {
        for (var i = 0; i < increments; i++)
        {
            count.Value.Increment();
        }
    }

    /// <summary>The count lives in a field of a heap object, as it does in a series.</summary>
    private sealed class Holder
    {
        public PerThreadCount Value = new();
    }
}
