namespace Prometheus.Distributed;

/// <summary>The formats the aggregated exposition can be written in.</summary>
public enum ExpositionFormat
{
    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>): no <c>_created</c>, no <c># EOF</c>.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0.0 (<c>application/openmetrics-text; version=1.0.0</c>): <c>_created</c> samples and <c># EOF</c>.</summary>
    OpenMetrics,

    /// <summary>
    /// Prometheus' protobuf format (<c>application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;
    /// encoding=delimited</c>): length-delimited <c>MetricFamily</c> messages, the only format that carries native
    /// histogram buckets.
    /// </summary>
    Protobuf,
}
