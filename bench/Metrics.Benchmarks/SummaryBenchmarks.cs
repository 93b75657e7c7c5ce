using BenchmarkDotNet.Attributes;

namespace Prometheus.Distributed.Benchmarks;

/// <summary>
/// What one observation into a bound summary series with quantiles 0.5, 0.9 and 0.99 (10-minute window, 5 age buckets)
/// costs, against prometheus-net 8's summary with the same quantiles and window (its objectives' usual errors: 0.05,
/// 0.01, 0.001 in rank) in a registry of its own. Both observe the same 1 024 log-normal latencies in turn, so each
/// spreads over its buckets or streams as real traffic does.
/// </summary>
public class SummaryBenchmarks
{
    private const string Method = "GET";
    private const string Route = "/orders/{id}";

    private readonly double[] latencies = new double[1024];
    private DistributedMetrics metrics = null!;
    private ISummarySeries summary = null!;
    private Prometheus.Summary.Child peerSummary = null!;
    private int next;

    /// <summary>Declares both summaries, creates their series and observes every latency once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        for (var i = 0; i < latencies.Length; i++)
        {
            // Log-normal around 50 ms: exp(N(ln 0.05, 1)).
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            latencies[i] = 0.05 * Math.Exp(normal);
        }

        metrics = DistributedMetrics.Create(o => o.InMemory = true);
        summary = metrics.CreateSummary(
                "request_duration_seconds",
                "Duration.",
                new SummaryOptions { Quantiles = [0.5, 0.9, 0.99], MaxAge = TimeSpan.FromMinutes(10), AgeBuckets = 5 },
                "method",
                "route")
            .WithLabels(Method, Route);

        var peer = Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry());
        peerSummary = peer.CreateSummary(
                "request_duration_seconds",
                "Duration.",
                new Prometheus.SummaryConfiguration
                {
                    LabelNames = ["method", "route"],
                    Objectives =
                    [
                        new Prometheus.QuantileEpsilonPair(0.5, 0.05),
                        new Prometheus.QuantileEpsilonPair(0.9, 0.01),
                        new Prometheus.QuantileEpsilonPair(0.99, 0.001),
                    ],
                    MaxAge = TimeSpan.FromMinutes(10),
                    AgeBuckets = 5,
                })
            .WithLabels(Method, Route);

        foreach (var latency in latencies)
        {
            summary.Observe(latency);
            peerSummary.Observe(latency);
        }
    }

    /// <summary>Disposes the metrics.</summary>
    [GlobalCleanup]
    public void Cleanup() => metrics.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Observes the next latency into the bound series with quantiles (count, sum and its sketch).</summary>
    [Benchmark]
    public void Summary_Observe() => summary.Observe(latencies[next++ & 1023]);

    /// <summary>Peer: prometheus-net's bound summary child with the same quantiles and window.</summary>
    [Benchmark]
    public void PrometheusNet_Summary_Observe() => peerSummary.Observe(latencies[next++ & 1023]);
}
