namespace Prometheus.Distributed.Benchmarks;

/// <summary>What the prometheus-net peers are configured with, so that they do the same work as this library's rows.</summary>
internal static class PeerDefaults
{
    /// <summary>This library's default histogram buckets (0.005 … 10 seconds), given to prometheus-net's histograms.</summary>
    public static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
}
