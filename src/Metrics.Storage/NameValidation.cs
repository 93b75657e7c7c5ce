namespace Prometheus.Distributed;

/// <summary>Which metric and label names this process accepts when a metric or a collector family is declared.</summary>
public enum NameValidation
{
    /// <summary>
    /// The legacy Prometheus character set: metric names <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>, label names
    /// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>. Every scraper and the Python seed read these unchanged.
    /// </summary>
    Legacy,

    /// <summary>
    /// Any non-empty, well-formed UTF-8 name (no lone surrogates), such as <c>http.server.duration</c>. A scraper that
    /// asks for <c>escaping=allow-utf-8</c> gets them quoted; any other gets them escaped (see
    /// <see cref="DistributedMetricsOptions.NameEscaping"/>).
    /// </summary>
    Utf8,
}
