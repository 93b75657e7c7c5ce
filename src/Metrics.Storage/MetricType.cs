namespace Prometheus.Distributed;

/// <summary>The Prometheus type of a metric family, as stored in metadata.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
    Summary,
    Unknown,

    // Declared through IMetricFactory and stored (like MostRecent gauges), or written by custom collectors.
    Info,
    StateSet,

    // Written by custom collectors only; never stored.
    GaugeHistogram,
}
