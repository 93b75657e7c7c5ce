namespace Prometheus.Distributed.Exposition;

/// <summary>What makes two scrape bodies differ: the format, the name escaping and whether it is gzipped.</summary>
/// <param name="Format">The exposition format.</param>
/// <param name="Escaping">How names outside the legacy character set are written.</param>
/// <param name="Gzip">True for a gzipped body.</param>
internal readonly record struct ScrapeKey(ExpositionFormat Format, NameEscapingScheme Escaping, bool Gzip);
