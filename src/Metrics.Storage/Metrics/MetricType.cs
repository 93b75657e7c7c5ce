namespace Prometheus.Distributed.Metrics;

/// <summary>The Prometheus type of a metric family, as stored in metadata.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
    Summary,
    Unknown,

    // Written by custom collectors only; never stored.
    Info,
    StateSet,
    GaugeHistogram,
}
