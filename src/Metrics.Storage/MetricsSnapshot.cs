using Prometheus.Distributed.Exposition;
using Prometheus.Distributed.Stores;

namespace Prometheus.Distributed;

/// <summary>Every metric family read from the store at one moment, ready to be written as an exposition.</summary>
public sealed class MetricsSnapshot
{
    internal MetricsSnapshot(IReadOnlyList<StoredFamily> families) => Families = families;

    /// <summary>The families as read.</summary>
    internal IReadOnlyList<StoredFamily> Families { get; }

    /// <summary>The HTTP content type of <paramref name="format"/>.</summary>
    /// <param name="format">The exposition format.</param>
    /// <returns>The content type, with version and charset.</returns>
    public static string GetContentType(ExpositionFormat format) => format == ExpositionFormat.OpenMetrics
        ? ExpositionWriter.OpenMetricsContentType
        : ExpositionWriter.PrometheusTextContentType;

    /// <summary>Writes the exposition as UTF-8 to <paramref name="output"/>, streaming; does not close it.</summary>
    /// <param name="output">The stream, e.g. an HTTP response body.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when everything was written.</returns>
    public Task WriteAsync(Stream output, ExpositionFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return ExpositionWriter.WriteAsync(Families, format, output, cancellationToken);
    }
}
