using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// One series incremented by one thread and by two at once, ours and prometheus-net's. Each thread does
/// <see cref="OperationsPerThread"/> increments, so the reported time is per increment of one thread: with two threads
/// it must stay within 4× of one.
/// </summary>
public class ContentionBenchmarks
{
    private const int OperationsPerThread = 1_000_000;
    private DistributedMetrics metrics = null!;
    private ICounterSeries series = null!;
    private Prometheus.Counter.Child peerSeries = null!;

    /// <summary>How many threads increment the series at once.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Creates the series.</summary>
    [GlobalSetup]
    public void Setup()
    {
        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        series = metrics.CreateCounter("requests_total", "Requests.", "route").WithLabels("/orders/{id}");
        peerSeries = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())
            .CreateCounter("requests_total", "Requests.", "route")
            .WithLabels("/orders/{id}");
    }

    /// <summary>Disposes the metrics.</summary>
    [GlobalCleanup]
    public void Cleanup() => metrics.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Increments one series from <see cref="Threads"/> threads.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void Counter_Inc_Contended() => OnEveryThread(Increment);

    /// <summary>Peer: increments one prometheus-net child from <see cref="Threads"/> threads.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerThread)]
    public void PrometheusNet_Counter_Inc_Contended() => OnEveryThread(IncrementPeer);

    private void OnEveryThread(ThreadStart work)
    {
        var others = new Thread[Threads - 1];
        for (var i = 0; i < others.Length; i++)
        {
            others[i] = new Thread(work);
            others[i].Start();
        }

        work();
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

    private void IncrementPeer()
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            peerSeries.Inc();
        }
    }
}
