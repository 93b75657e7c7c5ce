using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// One series incremented by one thread and by two at once. Each thread does <see cref="OperationsPerThread"/>
/// increments, so the reported time is per increment of one thread: with two threads it must stay within 4× of one.
/// </summary>
public class ContentionBenchmarks
{
    private const int OperationsPerThread = 1_000_000;
    private DistributedMetrics metrics = null!;
    private ICounterSeries series = null!;

    /// <summary>How many threads increment the series at once.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Creates the series.</summary>
    [GlobalSetup]
    public void Setup()
    {
        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        series = metrics.CreateCounter("requests_total", "Requests.", "route").WithLabels("/orders/{id}");
    }

    /// <summary>Disposes the metrics.</summary>
    [GlobalCleanup]
    public void Cleanup() => metrics.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Increments one series from <see cref="Threads"/> threads.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void Counter_Inc_Contended()
    {
        if (Threads == 1)
        {
            Increment();
            return;
        }

        var others = new Thread[Threads - 1];
        for (var i = 0; i < others.Length; i++)
        {
            others[i] = new Thread(Increment);
            others[i].Start();
        }

        Increment();
        foreach (var other in others)
        {
            other.Join();
        }
    }

    private void Increment()
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            series.Inc();
        }
    }
}
